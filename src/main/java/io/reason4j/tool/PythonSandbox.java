package io.reason4j.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code python} tool: model-written Python run in an isolated sandbox (see
 * {@code sandbox_server.py} and {@link SandboxLaunch} for what isolates it), on a pool of warm
 * interpreter servers so that a call costs a fork, not an interpreter start-up. Every call starts
 * from a fresh state; {@link #newSession} keeps state across the calls of one response.
 *
 * <p>Thread-safe. A server that dies is replaced; the calls it had in flight come back as
 * {@link ToolStatus#SANDBOX_ERROR} results, never as exceptions.
 */
public final class PythonSandbox implements PythonTool {
    /** How long a server may take to import its preloaded modules (sympy alone takes a second). */
    private static final long START_TIMEOUT_SECONDS = 60;
    /** Extra time given to the server, past the call's own wall limit, before the call is given up. */
    private static final long GRACE_SECONDS = 30;

    private final SandboxConfig config;
    private final List<String> command;
    private final SandboxServer[] servers;
    private int nextServer;

    private PythonSandbox(SandboxConfig config) {
        this.config = config;
        this.command = SandboxLaunch.command(config);
        this.servers = new SandboxServer[config.servers()];
    }

    /**
     * Starts the servers. Throws {@link SandboxUnavailableException} when code cannot be run safely
     * here (no bubblewrap, namespaces forbidden) unless {@code config.isolated()} is false.
     */
    public static PythonSandbox start(SandboxConfig config) {
        PythonSandbox sandbox = new PythonSandbox(config);
        // In parallel: each server spends about a second importing its preloaded modules.
        List<CompletableFuture<SandboxServer>> starting = new ArrayList<>();
        for (int i = 0; i < sandbox.servers.length; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> SandboxServer.start(sandbox.command, START_TIMEOUT_SECONDS),
                    Thread::startVirtualThread));
        }
        RuntimeException failure = null;
        for (int i = 0; i < starting.size(); i++) {
            try {
                sandbox.servers[i] = starting.get(i).join();
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (failure != null) {
            sandbox.close();
            throw failure;
        }
        return sandbox;
    }

    public SandboxConfig config() {
        return config;
    }

    @Override
    public ToolResult execute(String code) {
        return run(PythonCall.of(code, config));
    }

    public ToolResult execute(String code, SandboxLimits limits) {
        return run(PythonCall.of(code, config).withLimits(limits));
    }

    /** A notebook-like session: each call sees the variables of the session's earlier successful calls. */
    public PythonSession newSession() {
        return new PythonSession(this);
    }

    /** Runs one call; like {@link #execute}, never throws for what the code does. */
    public ToolResult run(PythonCall call) {
        long started = System.nanoTime();
        try {
            SandboxServer server = pickServer();
            return server.submit(call).get((long) Math.ceil(call.limits().wallSeconds()) + GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.sandboxError("sandbox: interrupted", millisSince(started));
        } catch (ExecutionException | TimeoutException | SandboxUnavailableException e) {
            String why = e instanceof ExecutionException ? e.getCause().getMessage() : e.getMessage();
            return ToolResult.sandboxError("sandbox: the call could not be completed (" + why + ")", millisSince(started));
        }
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** The live server with the fewest calls in flight; dead ones are replaced first. */
    private synchronized SandboxServer pickServer() {
        for (int i = 0; i < servers.length; i++) {
            if (servers[i] == null || !servers[i].alive()) {
                if (servers[i] != null) servers[i].close();
                servers[i] = SandboxServer.start(command, START_TIMEOUT_SECONDS);
            }
        }
        // Ties go round-robin: a server that just finished a call is busy preparing its next spare.
        SandboxServer best = null;
        int start = nextServer++;
        for (int k = 0; k < servers.length; k++) {
            SandboxServer s = servers[Math.floorMod(start + k, servers.length)];
            if (best == null || s.inFlight() < best.inFlight()) best = s;
        }
        return best;
    }

    /** Calls in flight, for tests and monitoring. */
    int inFlight() {
        int n = 0;
        for (SandboxServer s : servers) if (s != null) n += s.inFlight();
        return n;
    }

    @Override
    public synchronized void close() {
        List<SandboxServer> open = new ArrayList<>();
        for (SandboxServer s : servers) if (s != null) open.add(s);
        open.parallelStream().forEach(SandboxServer::close);
    }
}
