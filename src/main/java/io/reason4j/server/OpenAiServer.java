package io.reason4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP server over the local engine, as vLLM serves: {@code GET /v1/models},
 * {@code POST /v1/completions}, {@code POST /v1/chat/completions} (plus {@code GET /health}).
 * Every request's sequences join one continuously batched {@link BatchScheduler}. Requests are
 * handled on virtual threads, which mostly wait for the scheduler.
 *
 * <p>See docs/serving.md for the fields and extensions each endpoint takes.
 */
public final class OpenAiServer implements AutoCloseable {

    /**
     * @param host          the address to listen on (127.0.0.1: this machine only)
     * @param port          0 picks a free port
     * @param maxBatch      sequences decoded together at most; more wait for a place
     * @param shutdownGrace how long {@link #close} lets running requests finish
     * @param autoToolChoice read tool calls out of chat answers, in the Hermes format ({@code <tool_call>}
     *                      blocks: Qwen2.5, QwQ, Hermes), when a request has tools and {@code tool_choice}
     *                      {@code auto}: vLLM's {@code --enable-auto-tool-choice --tool-call-parser hermes}.
     *                      Without it such requests are refused, as vLLM refuses them.
     */
    public record Options(String host, int port, int maxBatch, Duration shutdownGrace, boolean autoToolChoice) {
        public static final int DEFAULT_MAX_BATCH = 64;

        public Options {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
            if (maxBatch < 1) throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
        }

        public static Options of(String host, int port) {
            return new Options(host, port, DEFAULT_MAX_BATCH, Duration.ofSeconds(30), false);
        }

        public Options withMaxBatch(int n) {
            return new Options(host, port, n, shutdownGrace, autoToolChoice);
        }

        public Options withShutdownGrace(Duration d) {
            return new Options(host, port, maxBatch, d, autoToolChoice);
        }

        public Options withAutoToolChoice(boolean on) {
            return new Options(host, port, maxBatch, shutdownGrace, on);
        }
    }

    private final ServedModel model;
    private final Options options;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final BatchScheduler scheduler;
    private final RequestParser parser;
    private final GenerationHandler generation;
    private final long created = System.currentTimeMillis() / 1000;
    /** Requests being handled right now: what a graceful close waits for. */
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closing;

    private OpenAiServer(ServedModel model, Options options, HttpServer http, ExecutorService handlers) {
        this.model = model;
        this.options = options;
        this.http = http;
        this.handlers = handlers;
        this.scheduler = new BatchScheduler(model.decoder(), model.tokenizer(), options.maxBatch());
        this.parser = new RequestParser(model, options.autoToolChoice());
        this.generation = new GenerationHandler(model, scheduler);
    }

    /** Binds the port and starts answering; a port in use is an {@link IOException} that names host and port. */
    public static OpenAiServer start(ServedModel model, Options options) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 1024);
        } catch (IOException e) {
            // A port in use, an address that is not this machine's, a name that does not resolve.
            throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        OpenAiServer server = new OpenAiServer(model, options, http, handlers);
        http.setExecutor(handlers);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** Where clients reach the server: {@code http://host:port} (append /v1/... for the endpoints). */
    public URI baseUri() {
        return URI.create("http://" + hostForUri() + ":" + port());
    }

    private String hostForUri() {
        String h = http.getAddress().getHostString();
        if (h.equals("0.0.0.0")) return "127.0.0.1";
        return h.contains(":") ? "[" + h + "]" : h;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public ServedModel model() {
        return model;
    }

    /** The most sequences that decoded together in one step since the start: > 1 means requests were batched. */
    public int mostSequencesInOneStep() {
        return scheduler.mostSequencesInOneStep();
    }

    /** Decoding steps (forward passes) the scheduler has run since the start. */
    public long steps() {
        return scheduler.steps();
    }

    private void handle(HttpExchange exchange) throws IOException {
        active.incrementAndGet();
        try (exchange) {
            try {
                if (closing) throw new ApiException(503, "service_unavailable", null, "the server is shutting down");
                route(exchange);
            } catch (ApiException e) {
                HttpResponses.error(exchange, e);
            } catch (IOException e) {
                throw e; // the client went away; nothing to answer
            } catch (RuntimeException e) {
                HttpResponses.error(exchange, new ApiException(500, "internal_server_error", null, e.toString()));
            }
        } finally {
            active.decrementAndGet();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/v1/models" -> {
                allow(method, "GET");
                HttpResponses.json(exchange, 200, ResponseBodies.models(model, created));
            }
            case "/health" -> {
                allow(method, "GET");
                exchange.sendResponseHeaders(200, -1);
            }
            case "/v1/completions" -> {
                allow(method, "POST");
                generation.run(exchange, parser.completions(body(exchange)));
            }
            case "/v1/chat/completions" -> {
                allow(method, "POST");
                generation.run(exchange, parser.chat(body(exchange)));
            }
            default -> throw ApiException.notFound(null, "no endpoint " + path + ": this server has GET /v1/models,"
                    + " POST /v1/completions, POST /v1/chat/completions and GET /health");
        }
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed)) throw new ApiException(405, "method_not_allowed", null, method + " is not allowed here, only " + allowed);
    }

    /**
     * The request body as JSON, strictly: UTF-8 text (RFC 8259; Jackson would otherwise guess UTF-16
     * or UTF-32 from zero bytes and fail with an I/O error that looks like a client gone away) holding
     * exactly one JSON value (trailing data is refused, not ignored). Anything else is a 400.
     */
    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(null, "the request body is not UTF-8 text; a JSON body must be UTF-8 (RFC 8259)");
        }
        try {
            return STRICT_JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "the request body is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    private static final ObjectReader STRICT_JSON = ResponseBodies.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Graceful shutdown: requests that arrive from now on get a 503, running ones finish (up to the
     * grace period), then the listener and every connection close and the scheduler stops; requests
     * still running after the grace period get a 503. (HttpServer.stop's own delay is not used: it
     * also waits out idle keep-alive connections.)
     */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
        try {
            while (active.get() > 0 && System.nanoTime() - deadline < 0) Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        scheduler.close(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        handlers.close();
    }
}
