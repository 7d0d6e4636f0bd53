package io.reason4j.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running {@code sandbox_server.py}: a warm interpreter that runs many calls at once, each in
 * its own forked, isolated child. Requests and results are JSON lines on its stdin and stdout,
 * matched by id, so any number of threads can have calls in flight.
 */
final class SandboxServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_KEPT = 4096;

    private final Process process;
    private final OutputStream requests;
    private final Map<Long, CompletableFuture<ToolResult>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final StringBuilder stderrTail = new StringBuilder();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private volatile boolean dead;

    private SandboxServer(Process process) {
        this.process = process;
        this.requests = process.getOutputStream();
        Thread.ofPlatform().daemon().name("sandbox-results-" + process.pid()).start(this::readResults);
        Thread.ofPlatform().daemon().name("sandbox-stderr-" + process.pid()).start(this::readStderr);
    }

    /** Starts a server and waits until its interpreter is warm; a failure says what the server printed. */
    static SandboxServer start(List<String> command, long startTimeoutSeconds) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new SandboxUnavailableException("Python sandbox: could not start " + command.getFirst() + ": " + e.getMessage());
        }
        SandboxServer server = new SandboxServer(process);
        try {
            server.ready.get(startTimeoutSeconds, TimeUnit.SECONDS);
            return server;
        } catch (Exception e) {
            server.close();
            throw new SandboxUnavailableException("Python sandbox: the interpreter server did not start"
                    + (e instanceof java.util.concurrent.TimeoutException ? " within " + startTimeoutSeconds + " s" : "")
                    + ". It said: " + server.stderrTail().strip()
                    + "\nIf bubblewrap cannot create namespaces here (containers often forbid it), "
                    + "fix that, or opt out of isolation explicitly with --no-isolation (unsafe).");
        }
    }

    /** Sends one call; the future completes with its result, or exceptionally if the server dies. */
    CompletableFuture<ToolResult> submit(PythonCall call) {
        long id = nextId.incrementAndGet();
        CompletableFuture<ToolResult> result = new CompletableFuture<>();
        pending.put(id, result);
        ObjectNode request = JSON.createObjectNode();
        request.put("id", id).put("code", call.code()).put("echo_last", call.echoLastExpression());
        if (!call.setup().isEmpty()) request.put("setup", call.setup());
        if (!call.stdin().isEmpty()) request.put("stdin", call.stdin());
        if (!call.files().isEmpty()) {
            ObjectNode files = request.putObject("files");
            call.files().forEach(files::put);
        }
        SandboxLimits limits = call.limits();
        ObjectNode l = request.putObject("limits");
        l.put("wall_s", limits.wallSeconds()).put("cpu_s", limits.cpuSeconds()).put("memory_mb", limits.memoryMb())
                .put("max_processes", limits.maxProcesses()).put("max_file_kb", limits.maxFileMb() * 1024)
                .put("max_output_bytes", limits.maxOutputBytes());
        try {
            byte[] line = (JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.write(line);
                requests.flush();
            }
        } catch (IOException e) {
            pending.remove(id);
            dead = true;
            result.completeExceptionally(new IOException("the sandbox server is gone: " + stderrTail().strip(), e));
        }
        if (dead) failPending();
        return result;
    }

    int inFlight() {
        return pending.size();
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    String stderrTail() {
        synchronized (stderrTail) {
            return stderrTail.toString();
        }
    }

    private void readResults() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode node = JSON.readTree(line);
                if (node.has("ready")) {
                    ready.complete(node);
                    continue;
                }
                CompletableFuture<ToolResult> f = pending.remove(node.get("id").asLong());
                if (f != null) f.complete(toResult(node));
            }
        } catch (IOException | RuntimeException e) {
            // the server died or wrote garbage: both end it
        } finally {
            dead = true;
            ready.completeExceptionally(new IOException("sandbox server exited"));
            failPending();
        }
    }

    private static ToolResult toResult(JsonNode n) {
        return new ToolResult(ToolStatus.fromWireName(n.get("status").asText()), n.get("stdout").asText(),
                n.get("stderr").asText(), n.get("exit_code").asInt(), n.get("wall_ms").asDouble());
    }

    private void readStderr() {
        try (InputStream err = process.getErrorStream()) {
            byte[] buf = new byte[4096];
            for (int n; (n = err.read(buf)) > 0; ) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_KEPT) stderrTail.delete(0, stderrTail.length() - STDERR_KEPT);
                }
            }
        } catch (IOException e) {
            // the process is gone; what we kept is all there is
        }
    }

    private void failPending() {
        for (Long id : pending.keySet()) {
            CompletableFuture<ToolResult> f = pending.remove(id);
            if (f != null) f.completeExceptionally(new IOException("the sandbox server stopped: " + stderrTail().strip()));
        }
    }

    /** Closing stdin lets the server finish the calls in flight and exit; a server that does not is killed. */
    @Override
    public void close() {
        dead = true;
        try {
            requests.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        failPending();
    }
}
