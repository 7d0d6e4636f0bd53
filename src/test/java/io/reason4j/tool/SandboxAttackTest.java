package io.reason4j.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Model-written code is hostile by construction: each attack here must be contained (the host,
 * the trainer and later calls are unaffected) and reported to the model as an error text.
 */
class SandboxAttackTest {
    private static final SandboxLimits TIGHT = new SandboxLimits(2, 2, 256, 32, 4, 64 * 1024);
    private static PythonSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withLimits(TIGHT));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** After every attack, the sandbox still runs ordinary code. */
    @AfterEach
    void stillServes() {
        assertThat(sandbox.execute("print(6 * 7)").stdout()).isEqualTo("42\n");
    }

    @Test
    void infiniteLoopIsKilledAtTheWallLimit() {
        ToolResult r = sandbox.execute("while True:\n    pass");
        assertThat(r.status()).isEqualTo(ToolStatus.TIMEOUT);
        assertThat(r.stderr()).contains("TimeoutError: execution exceeded the time limit of 2 s");
        assertThat(r.wallMillis()).isBetween(1900.0, 4000.0);
    }

    @Test
    void cpuTimeIsLimitedEvenWhenTheWallLimitIsLong() {
        ToolResult r = sandbox.execute("while True:\n    pass", TIGHT.withWallSeconds(20).withCpuSeconds(1));
        assertThat(r.status()).isEqualTo(ToolStatus.TIMEOUT);
        assertThat(r.stderr()).contains("CPU time limit of 1 s");
        assertThat(r.wallMillis()).isLessThan(5000.0);
    }

    @Test
    void ignoringSigtermChangesNothing() {
        ToolResult r = sandbox.execute("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass");
        assertThat(r.status()).isEqualTo(ToolStatus.TIMEOUT);
        assertThat(r.wallMillis()).isLessThan(4000.0);
    }

    @Test
    void forkBombHitsTheProcessLimitAndLeavesNothingBehind() {
        ToolResult r = sandbox.execute("""
                import os, time
                n = 0
                while True:
                    try:
                        if os.fork() == 0:
                            os.execv('/usr/bin/sleep', ['sleep', '4243'])
                        n += 1
                    except OSError as e:
                        print('fork refused after', n, 'children:', e.strerror)
                        break
                """);
        assertThat(r.status()).isEqualTo(ToolStatus.OK);
        assertThat(r.stdout()).matches("fork refused after 3\\d children: Resource temporarily unavailable\n|"
                + "fork refused after [12]\\d children: Resource temporarily unavailable\n");
        assertThat(hostProcessesWithArgument("4243")).isEmpty();
    }

    @Test
    void daemonisedProcessesDoNotOutliveTheCall() {
        ToolResult r = sandbox.execute("""
                import os
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        os.execv('/usr/bin/sleep', ['sleep', '4242'])
                    os._exit(0)
                print('daemon started')
                """);
        assertThat(r.stdout()).isEqualTo("daemon started\n");
        assertThat(hostProcessesWithArgument("4242")).isEmpty();
    }

    @Test
    void memoryBombIsStoppedAtTheMemoryLimit() {
        ToolResult r = sandbox.execute("chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))");
        assertThat(r.status()).isEqualTo(ToolStatus.MEMORY);
        assertThat(r.stderr()).contains("MemoryError");
        assertThat(r.exitCode()).as("python3's exit code for an uncaught MemoryError").isEqualTo(1);
        ToolResult numpy = sandbox.execute("import numpy\nnumpy.ones((1 << 30,))");
        assertThat(numpy.status()).isEqualTo(ToolStatus.MEMORY);
    }

    @Test
    void hugeOutputIsCutAtTheOutputLimit() {
        ToolResult r = sandbox.execute("while True:\n    print('x' * 1000)");
        assertThat(r.status()).isEqualTo(ToolStatus.OUTPUT_LIMIT);
        assertThat(r.stdout().length()).isLessThanOrEqualTo(64 * 1024);
        assertThat(r.stdout()).startsWith("xxxx");
        assertThat(r.stderr()).contains("OutputLimitError");
    }

    @Test
    void hugeFilesAreRefused() {
        ToolResult one = sandbox.execute("open('big', 'wb').write(b'x' * (8 << 20))");
        assertThat(one.status()).isEqualTo(ToolStatus.ERROR);
        assertThat(one.stderr()).endsWith("OSError: [Errno 27] File too large\n");
        // Many files under the size limit fill the scratch directory instead: its size is capped too.
        ToolResult many = sandbox.execute("for i in range(100):\n    open(f'f{i}', 'wb').write(b'x' * (3 << 20))");
        assertThat(many.status()).isEqualTo(ToolStatus.ERROR);
        assertThat(many.stderr()).endsWith("OSError: [Errno 28] No space left on device\n");
    }

    @Test
    void filesOutsideTheScratchDirectoryCannotBeRead() throws IOException {
        String project = Path.of("pom.xml").toAbsolutePath().toString();
        String home = System.getProperty("user.home");
        for (String path : List.of(project, "/etc/shadow", "/etc/passwd", home + "/.bashrc")) {
            ToolResult r = sandbox.execute("print(open(" + pyString(path) + ").read())");
            assertThat(r.status()).as(path).isEqualTo(ToolStatus.ERROR);
            assertThat(r.stderr()).as(path).contains("FileNotFoundError");
        }
        ToolResult listing = sandbox.execute("import os\nprint(sorted(os.listdir('/')))\nprint(os.path.exists(" + pyString(home) + "))");
        assertThat(listing.stdout()).isEqualTo("['bin', 'dev', 'etc', 'lib', 'lib64', 'proc', 'sandbox', 'sbin', 'tmp', 'usr']\nFalse\n");
    }

    @Test
    void nothingOutsideTheScratchDirectoryCanBeWritten() {
        for (String path : List.of("/usr/evil", "/evil", "/etc/evil", "/sandbox/server.py", "/dev/evil")) {
            ToolResult r = sandbox.execute("open(" + pyString(path) + ", 'w').write('x')");
            assertThat(r.status()).as(path).isEqualTo(ToolStatus.ERROR);
            assertThat(r.stderr()).as(path).contains("Read-only file system");
        }
        assertThat(Files.exists(Path.of("/usr/evil"))).isFalse();
    }

    @Test
    void thereIsNoNetworkNotEvenToTheHostsLoopback() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ToolResult r = sandbox.execute("import socket\nsocket.create_connection(('127.0.0.1', " + listener.getLocalPort() + "), timeout=1)");
            assertThat(r.status()).isEqualTo(ToolStatus.ERROR);
            assertThat(r.stderr()).contains("ConnectionRefusedError");
            listener.setSoTimeout(300);
            boolean connected;
            try (var ignored = listener.accept()) {
                connected = true;
            } catch (SocketTimeoutException e) {
                connected = false;
            }
            assertThat(connected).isFalse();
        }
        ToolResult outside = sandbox.execute("import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=1)");
        assertThat(outside.stderr()).contains("OSError: [Errno 101] Network is unreachable");
        ToolResult dns = sandbox.execute("import socket\nsocket.gethostbyname('example.com')");
        assertThat(dns.stderr()).contains("socket.gaierror");
    }

    @Test
    void hostProcessesAreInvisibleAndOutOfReach() {
        ToolResult listing = sandbox.execute("import os\nprint(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))");
        assertThat(listing.stdout()).isEqualTo("[1]\n");
        long jvm = ProcessHandle.current().pid();
        ToolResult kill = sandbox.execute("import os\nos.kill(" + jvm + ", 9)");
        assertThat(kill.stderr()).endsWith("ProcessLookupError: [Errno 3] No such process\n");
        ToolResult killAll = sandbox.execute("import os\nos.kill(-1, 9)\nprint('survived')");
        assertThat(killAll.status()).isEqualTo(ToolStatus.ERROR);
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void noWayAroundTheLimitsThroughNamespacesOrPrivileges() {
        ToolResult r = sandbox.execute("""
                import ctypes, os
                libc = ctypes.CDLL(None, use_errno=True)
                print(libc.unshare(0x10000000), ctypes.get_errno())   # a new user namespace
                print(libc.mount(b'tmpfs', b'/usr', b'tmpfs', 0, None), ctypes.get_errno())
                print(open('/proc/self/status').read().split('CapEff:')[1].split()[0])
                """);
        assertThat(r.stdout()).isEqualTo("-1 28\n-1 1\n0000000000000000\n");
    }

    @Test
    void deepRecursionIsAnErrorNotACrashOfTheSandbox() {
        ToolResult r = sandbox.execute("def f(n):\n    return f(n + 1)\nf(0)");
        assertThat(r.status()).isEqualTo(ToolStatus.ERROR);
        assertThat(r.stderr()).contains("[Previous line repeated").endsWith("RecursionError: maximum recursion depth exceeded\n");
        ToolResult unbounded = sandbox.execute("import sys\nsys.setrecursionlimit(10**7)\ndef f(n):\n    return f(n + 1)\nf(0)");
        assertThat(unbounded.status()).isIn(ToolStatus.ERROR, ToolStatus.TIMEOUT, ToolStatus.MEMORY);
        assertThat(unbounded.stderr()).as("the model is told what happened").isNotBlank();
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Processes anywhere on the host whose command line has {@code argument}: leftovers of a call. */
    private static List<Long> hostProcessesWithArgument(String argument) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return List.of(new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"))
                                    .contains(argument);
                        } catch (IOException e) {
                            return false; // exited meanwhile
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
