package io.reason4j.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Our sandbox behind the SandboxFusion HTTP API ({@link SandboxFusionProtocol}): {@code POST
 * /run_code} and {@code GET /v1/ping}, so that trainers on other machines (ours through
 * {@link SandboxFusionClient}, or verl's sandbox tool) can use it. Each request is handled on its
 * own virtual thread; the sandbox runs many calls at once.
 */
public final class SandboxFusionServer implements AutoCloseable {
    private static final int MAX_BODY_BYTES = 16 << 20;
    /** How much of an oversized body is read and thrown away so that its 413 reaches the client. */
    private static final long DRAIN_BYTES = 256L << 20;

    private final PythonSandbox sandbox;
    private final HttpServer http;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    private SandboxFusionServer(PythonSandbox sandbox, HttpServer http) {
        this.sandbox = sandbox;
        this.http = http;
    }

    /** Serves {@code sandbox} on host:port (port 0: any free port); closing the server does not close the sandbox. */
    public static SandboxFusionServer start(PythonSandbox sandbox, String host, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 128);
        SandboxFusionServer server = new SandboxFusionServer(sandbox, http);
        http.createContext("/run_code", server::runCode);
        http.createContext("/v1/ping", exchange -> reply(exchange, 200, "text/plain", "pong"));
        http.setExecutor(server.handlers);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void runCode(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, "application/json", "{\"detail\":\"use POST\"}");
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    // read the rest (up to a bound) before answering: closing a connection with unread
                    // data resets it, and the client would see a reset instead of its 413
                    byte[] discard = new byte[1 << 16];
                    for (long left = DRAIN_BYTES; left > 0; ) {
                        int n = in.read(discard);
                        if (n < 0) break;
                        left -= n;
                    }
                    reply(exchange, 413, "application/json", detail("the request body is larger than " + MAX_BODY_BYTES + " bytes"));
                    return;
                }
                body = SandboxFusionProtocol.JSON.readTree(bytes);
            } catch (IOException e) {
                reply(exchange, 422, "application/json", detail("the body is not valid JSON: " + e.getMessage()));
                return;
            }
            PythonCall call;
            try {
                call = SandboxFusionProtocol.call(body, sandbox.config().limits());
            } catch (IllegalArgumentException e) {
                reply(exchange, 422, "application/json", detail(e.getMessage()));
                return;
            }
            String language = body.path("language").asText("python");
            ToolResult result = language.equals("python") || language.equals("python3")
                    ? sandbox.run(call)
                    : ToolResult.sandboxError("language '" + language + "' is not supported: this server runs python only", 0);
            reply(exchange, 200, "application/json", SandboxFusionProtocol.JSON.writeValueAsString(SandboxFusionProtocol.response(result)));
        }
    }

    private static String detail(String message) throws IOException {
        return SandboxFusionProtocol.JSON.writeValueAsString(SandboxFusionProtocol.JSON.createObjectNode().put("detail", message));
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        handlers.close();
    }
}
