package io.reason4j.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts one sandbox server: bubblewrap around a warm Python running
 * {@code sandbox_server.py}. The bubblewrap layer gives the server (and so every call) no network,
 * no view of host processes, a read-only view of the system's programs and libraries and nothing
 * of the host's files (no /home, /root, /etc, nor the project); {@code sandbox_server.py} adds the
 * per-call namespaces and limits.
 */
final class SandboxLaunch {
    /** Where the server script is mounted inside the sandbox. */
    private static final String SCRIPT_IN_SANDBOX = "/sandbox/server.py";
    /** The unprivileged user the sandbox runs as when we are root (nobody on Debian). */
    private static final String UNPRIVILEGED_ID = "65534";
    private static final List<String> TOP_LEVEL_SYSTEM_DIRS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

    private static volatile Path extractedScript;

    private SandboxLaunch() {}

    static List<String> command(SandboxConfig config) {
        Path python = config.python();
        if (!Files.isExecutable(python)) {
            throw new SandboxUnavailableException("Python sandbox: the interpreter " + python + " is not there (or not "
                    + "executable). Install python3 (scripts/install-sandbox does) or configure another interpreter.");
        }
        List<String> serverArgs = new ArrayList<>(List.of("-I", "-B"));
        List<String> cmd = new ArrayList<>();
        Path bwrap = config.isolated() ? findBubblewrap() : null;
        if (runningAsRoot()) {
            // As root, limits on processes do not apply and file permissions protect nothing (and
            // without isolation, kill(-1) would reach every process): run as an unprivileged user.
            cmd.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups", "--"));
        }
        if (bwrap != null) {
            cmd.add(bwrap.toString());
            cmd.addAll(bubblewrapOptions(python));
            cmd.add(python.toString());
            cmd.addAll(serverArgs);
            cmd.add(SCRIPT_IN_SANDBOX);
            cmd.add("isolated");
        } else {
            cmd.add(python.toString());
            cmd.addAll(serverArgs);
            cmd.add(serverScript().toString());
            cmd.add("unisolated");
        }
        cmd.add(String.valueOf(config.scratchMb() * 1024));
        cmd.add(String.valueOf(config.sparesPerServer()));
        cmd.addAll(config.preload());
        return cmd;
    }

    private static List<String> bubblewrapOptions(Path python) {
        List<String> o = new ArrayList<>(List.of(
                "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--hostname", "sandbox",
                "--ro-bind", "/usr", "/usr"));
        for (String dir : TOP_LEVEL_SYSTEM_DIRS) {
            Path host = Path.of("/" + dir);
            try {
                if (Files.isSymbolicLink(host)) o.addAll(List.of("--symlink", Files.readSymbolicLink(host).toString(), host.toString()));
                else if (Files.isDirectory(host)) o.addAll(List.of("--ro-bind", host.toString(), host.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path prefix = interpreterPrefix(python);
        if (prefix != null) o.addAll(List.of("--ro-bind", prefix.toString(), prefix.toString()));
        o.addAll(List.of(
                // Debian finds shared libraries such as the BLAS behind numpy through these.
                "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
                "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--ro-bind", serverScript().toString(), SCRIPT_IN_SANDBOX,
                "--chdir", "/tmp", "--clearenv",
                "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", "/tmp",
                "--setenv", "LANG", "C.UTF-8", "--setenv", "PYTHONIOENCODING", "utf-8",
                "--setenv", "MPLBACKEND", "Agg",
                // One thread per call: calls already run in parallel, and threads count as processes.
                "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
                "--setenv", "MKL_NUM_THREADS", "1",
                // Nothing outside a call's own scratch (and its /dev/shm) is writable, so no call
                // can leave state for the next or fill memory past its scratch size.
                "--remount-ro", "/dev", "--remount-ro", "/"));
        return o;
    }

    /** The install prefix of an interpreter outside /usr (e.g. /opt/python3.12), to mount read-only; else null. */
    private static Path interpreterPrefix(Path python) {
        try {
            Path real = python.toRealPath();
            if (real.startsWith("/usr") || real.startsWith("/bin")) return null;
            Path bin = real.getParent();
            return bin.getParent() != null ? bin.getParent() : bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path findBubblewrap() {
        return findBubblewrap(System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin");
    }

    /** bwrap in one of the directories of {@code searchPath} (colon-separated), or a clear refusal. */
    static Path findBubblewrap(String searchPath) {
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "bwrap");
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new SandboxUnavailableException("Python sandbox: bubblewrap (bwrap) is not installed, so model-written code "
                + "cannot be isolated and will not be run. Install it with scripts/install-sandbox (Debian: "
                + "apt-get install bubblewrap), or opt out explicitly with --no-isolation (unsafe: the code then runs "
                + "with your user's rights).");
    }

    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The server script, extracted once per JVM to a directory the unprivileged sandbox user can read. */
    static Path serverScript() {
        Path script = extractedScript;
        if (script != null) return script;
        synchronized (SandboxLaunch.class) {
            if (extractedScript != null) return extractedScript;
            try (InputStream in = SandboxLaunch.class.getResourceAsStream("sandbox_server.py")) {
                if (in == null) throw new IllegalStateException("sandbox_server.py is missing from the classpath");
                Path dir = Files.createTempDirectory("reason4j-sandbox-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                script = dir.resolve("sandbox_server.py");
                Files.copy(in, script);
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
                dir.toFile().deleteOnExit();
                script.toFile().deleteOnExit();
                extractedScript = script;
                return script;
            } catch (IOException e) {
                throw new UncheckedIOException("could not extract the sandbox server script", e);
            }
        }
    }
}
