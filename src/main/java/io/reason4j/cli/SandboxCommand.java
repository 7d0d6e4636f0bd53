package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.SandboxConfig;
import io.reason4j.tool.SandboxFusionServer;
import io.reason4j.tool.SandboxLimits;
import io.reason4j.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reason4j sandbox run|serve|bench}: the Python sandbox on its own. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run model-written Python in the isolated sandbox, serve it over HTTP, or measure it.",
        subcommands = {SandboxCommand.Run.class, SandboxCommand.Serve.class, SandboxCommand.Bench.class})
final class SandboxCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Options shared by the subcommands: how the sandbox is set up. */
    static final class Setup {
        @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "interpreter to run (default ${DEFAULT-VALUE})") Path python;
        @Option(names = "--servers", description = "warm interpreter servers (default: one per core, up to 4)") Integer servers;
        @Option(names = "--no-isolation", description = "run code WITHOUT the bubblewrap sandbox, with resource limits only (unsafe)") boolean noIsolation;

        PythonSandbox start(SandboxLimits limits) {
            if (noIsolation) {
                System.err.println("reason4j sandbox: WARNING: --no-isolation: code runs without isolation, with resource "
                        + "limits only; it can read what your user can read and use the network.");
            }
            SandboxConfig defaults = SandboxConfig.DEFAULTS;
            SandboxConfig config = new SandboxConfig(python, defaults.preload(), servers == null ? defaults.servers() : servers,
                    defaults.sparesPerServer(),
                    defaults.scratchMb(), limits, !noIsolation, defaults.echoLastExpression());
            return PythonSandbox.start(config);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a Python file (or - for standard input) once and print one JSON object: "
                    + "status, stdout, stderr, exit_code, wall_ms.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "-", description = "the Python file, or - to read standard input (default)") String file;
        @Option(names = "--timeout", defaultValue = "10", description = "wall-clock seconds (also the CPU limit; default ${DEFAULT-VALUE})") double timeout;
        @Option(names = "--memory", defaultValue = "1024", description = "memory limit in MB (default ${DEFAULT-VALUE})") int memory;
        @Mixin Setup setup = new Setup();

        @Override
        public Integer call() throws IOException {
            if (!(timeout > 0) || Double.isInfinite(timeout)) throw new UserInputException("--timeout must be a positive number of seconds, got " + timeout);
            if (memory <= 0) throw new UserInputException("--memory must be a positive number of MB, got " + memory);
            String code = readCode(file);
            SandboxLimits limits = SandboxLimits.DEFAULTS.withWallSeconds(timeout).withCpuSeconds(timeout).withMemoryMb(memory);
            try (PythonSandbox sandbox = setup.start(limits)) {
                ToolResult r = sandbox.execute(code);
                ObjectNode out = JSON.createObjectNode();
                out.put("status", r.status().wireName()).put("stdout", r.stdout()).put("stderr", r.stderr())
                        .put("exit_code", r.exitCode()).put("wall_ms", Math.round(r.wallMillis() * 1000) / 1000.0);
                System.out.println(JSON.writeValueAsString(out));
            }
            return 0;
        }

        private static String readCode(String file) throws IOException {
            if (file.equals("-")) return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            try {
                return Files.readString(Path.of(file));
            } catch (NoSuchFileException e) {
                throw new UserInputException("no such file: " + file);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new UserInputException(file + " is not UTF-8 text");
            }
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve the sandbox over the SandboxFusion HTTP API (POST /run_code, GET /v1/ping) until stopped.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", required = true, description = "port to listen on (0: any free port)") int port;
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE}; 0.0.0.0 for all)") String host;
        @Mixin Setup setup = new Setup();

        @Override
        public Integer call() throws Exception {
            if (port < 0 || port > 65535) throw new UserInputException("--port must be between 0 and 65535, got " + port);
            try (PythonSandbox sandbox = setup.start(SandboxLimits.DEFAULTS)) {
                SandboxFusionServer server;
                try {
                    server = SandboxFusionServer.start(sandbox, host, port);
                } catch (java.net.BindException e) {
                    throw new UserInputException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
                }
                try (server) {
                    System.out.println("reason4j sandbox: serving run_code on http://" + host + ":" + server.port() + " (Ctrl-C stops)");
                    System.out.flush();
                    new CountDownLatch(1).await(); // until the process is stopped
                }
            }
            return 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Measure warm per-call latency (p50, p99) and concurrent throughput of print(1+1).")
    static final class Bench implements Callable<Integer> {
        private static final String CODE = "print(1+1)";

        @Option(names = "--calls", defaultValue = "300", description = "sequential calls timed for the latency (default ${DEFAULT-VALUE})") int calls;
        @Option(names = "--concurrency", defaultValue = "16", description = "concurrent callers for the throughput (default ${DEFAULT-VALUE})") int concurrency;
        @Option(names = "--seconds", defaultValue = "5", description = "duration of the throughput run (default ${DEFAULT-VALUE})") double seconds;
        @Option(names = "--json", description = "print one JSON object: p50_ms, p99_ms, calls_per_s") boolean json;
        @Mixin Setup setup = new Setup();

        @Override
        public Integer call() throws Exception {
            if (calls < 1 || concurrency < 1 || !(seconds > 0)) throw new UserInputException("--calls, --concurrency and --seconds must be positive");
            try (PythonSandbox sandbox = setup.start(SandboxLimits.DEFAULTS)) {
                for (int i = 0; i < 50; i++) check(sandbox.execute(CODE)); // warm-up: JIT, spares, page cache
                double[] latencies = new double[calls];
                for (int i = 0; i < calls; i++) {
                    long t = System.nanoTime();
                    check(sandbox.execute(CODE));
                    latencies[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(latencies);
                double callsPerSecond = throughput(sandbox);
                ObjectNode out = JSON.createObjectNode();
                out.put("p50_ms", round(Percentile.of(latencies, 0.50))).put("p99_ms", round(Percentile.of(latencies, 0.99)))
                        .put("calls_per_s", round(callsPerSecond)).put("concurrency", concurrency)
                        .put("servers", sandbox.config().servers()).put("calls", calls);
                if (json) System.out.println(JSON.writeValueAsString(out));
                else System.out.printf("print(1+1): p50 %.2f ms, p99 %.2f ms per call (sequential, warm); %.0f calls/s with %d concurrent callers%n",
                        Percentile.of(latencies, 0.50), Percentile.of(latencies, 0.99), callsPerSecond, concurrency);
            }
            return 0;
        }

        private double throughput(PythonSandbox sandbox) throws InterruptedException {
            AtomicLong done = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            try (ExecutorService callers = Executors.newFixedThreadPool(concurrency)) {
                for (int c = 0; c < concurrency; c++) {
                    callers.execute(() -> {
                        try {
                            while (System.nanoTime() < end) {
                                check(sandbox.execute(CODE));
                                done.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    });
                }
            }
            if (!failures.isEmpty()) throw new IllegalStateException(failures.getFirst().getMessage());
            return done.get() / ((System.nanoTime() - start) / 1e9);
        }

        private static void check(ToolResult r) {
            if (!r.ok() || !r.stdout().equals("2\n")) throw new IllegalStateException("the sandbox returned " + r + " for print(1+1)");
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }
}
