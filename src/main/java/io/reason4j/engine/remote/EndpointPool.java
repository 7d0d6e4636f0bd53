package io.reason4j.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Several servers behind one call: picks an endpoint ({@link Balancing}), bounds the requests in
 * flight, and retries connection errors, 429 and 5xx with exponential backoff, preferring an
 * endpoint that has not just failed. Other statuses fail at once with the server's own message.
 * Blocking calls, meant for virtual threads.
 */
final class EndpointPool implements AutoCloseable {
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One server, and what the balancing knows of it. */
    private static final class Endpoint {
        final URI base;
        final AtomicInteger outstanding = new AtomicInteger();
        /** Until when (System.nanoTime) a failed endpoint is passed over while others are up. */
        volatile long downUntil;

        Endpoint(URI base) {
            this.base = base;
        }
    }

    private final RemoteOptions options;
    private final List<Endpoint> endpoints;
    private final HttpClient http;
    private final Semaphore slots;
    private final AtomicLong turn = new AtomicLong();

    EndpointPool(RemoteOptions options) {
        this.options = options;
        this.endpoints = options.endpoints().stream().map(Endpoint::new).toList();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(options.connectTimeout()).build();
        this.slots = new Semaphore(options.maxConcurrency());
    }

    /** The URL a path has on the first endpoint, for messages. */
    String url(String path) {
        return endpoints.getFirst().base + path;
    }

    JsonNode get(String path) {
        return send(path, null, r -> parse(r.body(), r.uri()), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode post(String path, JsonNode body) {
        return send(path, body, r -> parse(r.body(), r.uri()), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request and hands a 2xx response to {@code read} (which may stream its body); retries
     * what is worth retrying before any of a response was read.
     */
    <B, T> T send(String path, JsonNode body, Function<HttpResponse<B>, T> read, HttpResponse.BodyHandler<B> handler) {
        for (int attempt = 1; ; attempt++) {
            Endpoint e = pick();
            URI uri = URI.create(e.base + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(options.requestTimeout());
            if (options.apiKey() != null) request.header("Authorization", "Bearer " + options.apiKey());
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json");
                request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
            }
            boolean unreachable;
            String problem;
            Exception cause = null;
            acquire();
            e.outstanding.incrementAndGet();
            try {
                HttpResponse<B> response = http.send(request.build(), handler);
                int status = response.statusCode();
                if (status / 100 == 2) return read.apply(response);
                String message = errorMessage(response);
                if (status != 429 && status < 500) throw new RemoteEngineException(uri + " answered " + status + ": " + message);
                unreachable = false;
                problem = message;
                if (attempt >= options.maxAttempts()) {
                    throw new RemoteEngineException(uri + " answered " + status + " after " + attempts(attempt) + ": " + message);
                }
            } catch (HttpConnectTimeoutException | ConnectException ex) {
                unreachable = true;
                problem = describe(ex);
                cause = ex;
            } catch (HttpTimeoutException ex) {
                throw new RemoteEngineException("no answer from " + uri + " within " + options.requestTimeout().toSeconds()
                        + " s (the request timeout): the server may be overloaded, or the request too long for the timeout", ex);
            } catch (IOException ex) {
                // The connection broke (a server restarting, a closed keep-alive connection): worth another try.
                unreachable = true;
                problem = describe(ex);
                cause = ex;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new RemoteEngineException("interrupted while waiting for " + uri, ex);
            } finally {
                e.outstanding.decrementAndGet();
                slots.release();
            }
            markDown(e, attempt);
            if (unreachable && attempt >= options.maxAttempts()) {
                throw new RemoteEngineException("cannot reach " + uri + " after " + attempts(attempt) + ": " + problem, cause);
            }
            backoff(attempt);
        }
    }

    private static String attempts(int n) {
        return n + (n == 1 ? " attempt" : " attempts");
    }

    /** The endpoint for the next request: by the balancing policy, among those not marked down (all, if every one is). */
    private Endpoint pick() {
        long now = System.nanoTime();
        int n = endpoints.size();
        int start = (int) Math.floorMod(turn.getAndIncrement(), (long) n);
        Endpoint best = null;
        for (boolean includeDown : new boolean[] {false, true}) {
            for (int i = 0; i < n; i++) {
                Endpoint e = endpoints.get((start + i) % n);
                if (!includeDown && e.downUntil - now > 0) continue;
                if (options.balancing() == Balancing.ROUND_ROBIN) return e;
                if (best == null || e.outstanding.get() < best.outstanding.get()) best = e;
            }
            if (best != null) return best;
        }
        return endpoints.get(start);
    }

    private void markDown(Endpoint e, int attempt) {
        e.downUntil = System.nanoTime() + backoffMillis(attempt) * 1_000_000L;
    }

    private long backoffMillis(int attempt) {
        long base = options.initialBackoff().toMillis();
        return Math.min(MAX_BACKOFF_MILLIS, base << Math.min(20, attempt - 1));
    }

    /** Waits between half and all of the attempt's backoff, so clients that failed together do not retry together. */
    private void backoff(int attempt) {
        long full = backoffMillis(attempt);
        try {
            Thread.sleep(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RemoteEngineException("interrupted while waiting to retry", ex);
        }
    }

    private void acquire() {
        try {
            slots.acquire();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RemoteEngineException("interrupted while waiting for a free request slot", ex);
        }
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    static JsonNode parse(String body, URI uri) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new RemoteEngineException("malformed response from " + uri + ": not JSON (" + brief(body) + ")");
        }
    }

    /** The server's own words: OpenAI's {@code error.message}, FastAPI's {@code detail}, else the body itself. */
    private static String errorMessage(HttpResponse<?> response) {
        String text = switch (response.body()) {
            case String s -> s;
            case java.util.stream.Stream<?> lines -> String.join("\n", lines.map(Object::toString).toList());
            case java.io.InputStream in -> {
                try (in) {
                    yield new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    yield "";
                }
            }
            case null, default -> "";
        };
        try {
            JsonNode json = JSON.readTree(text);
            JsonNode message = json.path("error").path("message");
            if (message.isTextual()) return message.asText();
            if (json.path("message").isTextual()) return json.get("message").asText();
            if (json.has("detail")) return json.get("detail").isTextual() ? json.get("detail").asText() : json.get("detail").toString();
        } catch (IOException | RuntimeException e) {
            // not JSON: the body as it is
        }
        return text.isBlank() ? "(no message)" : brief(text);
    }

    /** An exception as a person reads it: the JDK's connect errors often have no message of their own. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
        }
        return e instanceof ConnectException ? "Connection refused" : e.getClass().getSimpleName();
    }

    static String brief(String s) {
        s = s.strip();
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }

    /** Aborts requests still in flight (their callers get an error) rather than waiting for them. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
