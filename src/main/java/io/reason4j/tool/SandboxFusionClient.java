package io.reason4j.tool;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code python} tool on a remote sandbox service speaking the SandboxFusion {@code run_code}
 * API (SandboxFusion itself, or {@code reason4j sandbox serve}), for running code at scale on
 * other machines. Calls are spread round-robin over the endpoints; connection failures and 5xx
 * answers are retried with exponential backoff on the next endpoint; what still fails comes back as
 * a {@link ToolStatus#SANDBOX_ERROR} result, never as an exception. Thread-safe.
 *
 * <p>Remote calls run code as a script (the API's semantics): a trailing expression is not echoed.
 */
public final class SandboxFusionClient implements PythonTool {
    private final List<URI> endpoints;
    private final SandboxLimits limits;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Semaphore inFlight;
    private final HttpClient http;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param endpoints      base URLs, e.g. {@code http://sandbox:8080}; {@code /run_code} is appended
     * @param limits         wall time and memory sent with each call (the service enforces them)
     * @param maxAttempts    tries per call, across endpoints
     * @param maxConcurrency calls in flight at once from this client
     */
    public SandboxFusionClient(List<URI> endpoints, SandboxLimits limits, int maxAttempts, int maxConcurrency) {
        if (endpoints.isEmpty()) throw new IllegalArgumentException("at least one sandbox endpoint is needed");
        for (URI e : endpoints) {
            if (!"http".equals(e.getScheme()) && !"https".equals(e.getScheme())) {
                throw new IllegalArgumentException("sandbox endpoint '" + e + "' must be an http:// or https:// URL");
            }
        }
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        this.endpoints = List.copyOf(endpoints);
        this.limits = limits;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = Duration.ofMillis(200);
        this.inFlight = new Semaphore(maxConcurrency);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public SandboxFusionClient(List<URI> endpoints) {
        this(endpoints, SandboxLimits.DEFAULTS, 3, 64);
    }

    @Override
    public ToolResult execute(String code) {
        long started = System.nanoTime();
        String body;
        try {
            body = SandboxFusionProtocol.JSON.writeValueAsString(SandboxFusionProtocol.request(code, limits));
        } catch (IOException e) {
            return ToolResult.sandboxError("remote sandbox: could not encode the request: " + e.getMessage(), 0);
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.sandboxError("remote sandbox: interrupted", 0);
        }
        try {
            String lastProblem = "";
            Duration backoff = firstBackoff;
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                URI endpoint = endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size()));
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/run_code"))
                            .timeout(Duration.ofMillis((long) (limits.wallSeconds() * 1000) + 30_000))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return SandboxFusionProtocol.result(SandboxFusionProtocol.JSON.readTree(response.body()));
                    }
                    lastProblem = endpoint + " answered HTTP " + response.statusCode() + ": " + abbreviate(response.body());
                    if (response.statusCode() < 500) break; // our request is wrong: retrying will not help
                } catch (IOException e) {
                    lastProblem = endpoint + " could not be reached: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage());
                } catch (IllegalArgumentException e) {
                    lastProblem = endpoint + " sent a response that is not a run_code result: " + e.getMessage();
                    break;
                }
                if (attempt < maxAttempts) {
                    Thread.sleep(backoff);
                    backoff = backoff.multipliedBy(2);
                }
            }
            return ToolResult.sandboxError("remote sandbox: " + lastProblem, (System.nanoTime() - started) / 1e6);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.sandboxError("remote sandbox: interrupted", (System.nanoTime() - started) / 1e6);
        } finally {
            inFlight.release();
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        http.close();
    }
}
