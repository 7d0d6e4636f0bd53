package io.reason4j.engine.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach one or more OpenAI-compatible servers (vLLM, SGLang, {@code reason4j serve}).
 *
 * @param endpoints      the servers' base URLs ({@code http://host:8000}; a trailing {@code /v1} is dropped),
 *                       all serving the same model
 * @param model          the model name to send; null: the one the first server lists at {@code /v1/models}
 * @param balancing      how requests are spread over the endpoints
 * @param maxAttempts    tries per request: connection errors, 429 and 5xx are retried (on another endpoint
 *                       when there is one), with exponential backoff
 * @param initialBackoff the wait before the second try; it doubles per try, up to 10 s, with jitter
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long one request may take, generation included (not retried: the server may
 *                       still be working on it)
 * @param maxConcurrency requests in flight at most, over all endpoints
 * @param contextLimit   the model's context (prompt + completion) in tokens; 0: the server's
 *                       {@code max_model_len} from {@code /v1/models} (vLLM, SGLang, reason4j report it)
 * @param apiKey         sent as {@code Authorization: Bearer ...} (vLLM's {@code --api-key}); null for none
 */
public record RemoteOptions(List<URI> endpoints, String model, Balancing balancing, int maxAttempts, Duration initialBackoff,
                            Duration connectTimeout, Duration requestTimeout, int maxConcurrency, int contextLimit, String apiKey) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_MAX_CONCURRENCY = 256;

    public RemoteOptions {
        if (endpoints == null || endpoints.isEmpty()) throw new IllegalArgumentException("at least one endpoint is needed");
        endpoints = endpoints.stream().map(RemoteOptions::base).toList();
        if (balancing == null) balancing = Balancing.LEAST_OUTSTANDING;
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        if (maxConcurrency < 1) throw new IllegalArgumentException("max concurrency must be at least 1, got " + maxConcurrency);
        if (contextLimit < 0) throw new IllegalArgumentException("context limit must be >= 0 (0 = ask the server), got " + contextLimit);
    }

    /** Defaults: least outstanding, 3 attempts from 0.5 s, 10 s to connect, 10 minutes per request, 256 in flight. */
    public static RemoteOptions of(List<URI> endpoints) {
        return new RemoteOptions(endpoints, null, Balancing.LEAST_OUTSTANDING, DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(500),
                Duration.ofSeconds(10), Duration.ofMinutes(10), DEFAULT_MAX_CONCURRENCY, 0, null);
    }

    /** {@link #of} over comma-separated URLs, as a command line gives them: {@code http://a:8000,http://b:8000}. */
    public static RemoteOptions of(String commaSeparatedUrls) {
        return of(parseEndpoints(commaSeparatedUrls));
    }

    /** Parses {@code URL[,URL...]}; each must be an absolute http(s) URL with a host. */
    public static List<URI> parseEndpoints(String commaSeparated) {
        List<URI> out = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            String s = part.strip();
            if (s.isEmpty()) continue;
            URI uri;
            try {
                uri = new URI(s);
            } catch (URISyntaxException e) {
                throw new RemoteEngineException("endpoint '" + s + "' is not a URL: " + e.getMessage());
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new RemoteEngineException("endpoint '" + s + "' must be an http:// or https:// URL with a host, e.g. http://localhost:8000");
            }
            out.add(uri);
        }
        if (out.isEmpty()) throw new RemoteEngineException("no endpoint given: expected URL[,URL...], e.g. http://localhost:8000");
        return out;
    }

    /** http://host:8000, http://host:8000/ and http://host:8000/v1 all mean the server at http://host:8000. */
    static URI base(URI uri) {
        String s = uri.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        if (s.endsWith("/v1")) s = s.substring(0, s.length() - 3);
        return URI.create(s);
    }

    public RemoteOptions withModel(String name) {
        return new RemoteOptions(endpoints, name, balancing, maxAttempts, initialBackoff, connectTimeout, requestTimeout, maxConcurrency, contextLimit, apiKey);
    }

    public RemoteOptions withBalancing(Balancing b) {
        return new RemoteOptions(endpoints, model, b, maxAttempts, initialBackoff, connectTimeout, requestTimeout, maxConcurrency, contextLimit, apiKey);
    }

    public RemoteOptions withRetries(int attempts, Duration backoff) {
        return new RemoteOptions(endpoints, model, balancing, attempts, backoff, connectTimeout, requestTimeout, maxConcurrency, contextLimit, apiKey);
    }

    public RemoteOptions withRequestTimeout(Duration timeout) {
        return new RemoteOptions(endpoints, model, balancing, maxAttempts, initialBackoff, connectTimeout, timeout, maxConcurrency, contextLimit, apiKey);
    }

    public RemoteOptions withMaxConcurrency(int n) {
        return new RemoteOptions(endpoints, model, balancing, maxAttempts, initialBackoff, connectTimeout, requestTimeout, n, contextLimit, apiKey);
    }

    public RemoteOptions withContextLimit(int tokens) {
        return new RemoteOptions(endpoints, model, balancing, maxAttempts, initialBackoff, connectTimeout, requestTimeout, maxConcurrency, tokens, apiKey);
    }

    public RemoteOptions withApiKey(String key) {
        return new RemoteOptions(endpoints, model, balancing, maxAttempts, initialBackoff, connectTimeout, requestTimeout, maxConcurrency, contextLimit, key);
    }
}
