package io.reason4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.GenerationBatch;
import io.reason4j.engine.SamplingParams;
import io.reason4j.model.Decoder;
import io.reason4j.server.OpenAiServer;
import io.reason4j.server.ServedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.BufferedInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code reason4j bench serve}: the sampling benchmark's workload (prompts of 16 tokens, 100 new
 * tokens, the preset's random model) served over HTTP. The server runs in-process on a free port;
 * {@code clients} concurrent clients, each on its own kept-alive connection, ask
 * {@code /v1/completions} for one completion of a token-id prompt, with no stop tokens so every
 * completion has its 100 tokens. The figure is the tokens all clients received per second of wall
 * time (first request sent to last answer read), against plain batched sampling of the same prompts
 * and seeds at batch {@code clients} ({@code bench sample --batch N}), timed alternately in the same
 * run, fastest of {@code reps} each (as {@code bench rollout}). The clients share the machine's cores
 * with the server, as they would on a single host.
 */
final class ServeBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServeBench() {}

    static void run(Decoder decoder, String preset, int clients, int reps, ObjectNode out, boolean json) throws IOException {
        int promptLength = 16, newTokens = 100;
        SplittableRandom r = new SplittableRandom(3);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < clients; i++) prompts.add(r.ints(promptLength, 0, decoder.config().vocabSize()).toArray());
        ServedModel model = new ServedModel("bench-" + preset, decoder, null, null, Set.of());
        OpenAiServer.Options options = OpenAiServer.Options.of("127.0.0.1", 0).withMaxBatch(clients).withShutdownGrace(Duration.ofSeconds(1));
        try (OpenAiServer server = OpenAiServer.start(model, options);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<KeepAliveClient> connections = new ArrayList<>();
            for (int i = 0; i < clients; i++) connections.add(new KeepAliveClient(server.port()));
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                ObjectNode body = JSON.createObjectNode();
                body.put("model", model.name());
                body.set("prompt", JSON.valueToTree(prompts.get(i)));
                body.put("max_tokens", newTokens);
                body.put("temperature", 1.0);
                body.put("seed", i);
                bodies.add(JSON.writeValueAsBytes(body));
            }
            int[] received = new int[1];
            long[] steps = new long[1];
            Runnable serve = () -> {
                long before = server.steps();
                received[0] = completeAll(connections, threads, bodies);
                steps[0] = server.steps() - before;
            };
            Runnable plain = () -> {
                try (GenerationBatch b = new GenerationBatch(decoder, null)) {
                    for (int i = 0; i < clients; i++) b.add(prompts.get(i), SamplingParams.sample(newTokens, i));
                    b.run();
                }
            };
            double[] times;
            try {
                times = RolloutBench.interleavedBest(plain, serve, reps);
            } finally {
                for (KeepAliveClient c : connections) c.close();
            }
            if (received[0] != clients * newTokens) {
                throw new IllegalStateException("the server generated " + received[0] + " tokens, expected " + clients * newTokens);
            }
            double plainRate = clients * newTokens / times[0], serveRate = received[0] / times[1];
            out.put("preset", preset);
            out.put("clients", clients);
            out.put("prompt_tokens", promptLength);
            out.put("new_tokens", newTokens);
            out.put("most_sequences_in_one_step", server.mostSequencesInOneStep());
            out.put("serve_steps", steps[0]);
            out.put("sampling_tokens_per_s", plainRate);
            out.put("serve_tokens_per_s", serveRate);
            out.put("ratio", serveRate / plainRate);
            if (!json) {
                System.out.printf("serve %s: %d concurrent clients, prompt %d, %d new tokens each: %.0f tokens/s over HTTP;"
                        + " plain sampling at batch %d %.0f tokens/s; ratio %.2f (best of %d interleaved runs each;"
                        + " at most %d sequences per step, %d steps in the last run)%n", preset, clients, promptLength, newTokens,
                        serveRate, clients, plainRate, serveRate / plainRate, reps, server.mostSequencesInOneStep(), steps[0]);
            }
        }
    }

    /** Sends every body at once, one client each, and returns the completion tokens the answers report. */
    private static int completeAll(List<KeepAliveClient> clients, ExecutorService threads, List<byte[]> bodies) {
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            KeepAliveClient client = clients.get(i);
            byte[] body = bodies.get(i);
            answers.add(threads.submit(() -> client.complete(body).get("usage").get("completion_tokens").asInt()));
        }
        int tokens = 0;
        try {
            for (Future<Integer> a : answers) tokens += a.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return tokens;
    }

    /**
     * One benchmark client: a kept-alive HTTP/1.1 connection that posts a completion request and
     * reads the answer. Plain blocking sockets rather than java.net.http.HttpClient: the clients
     * share the two cores with the server, and HttpClient's machinery (a selector thread, futures
     * per exchange) took as much CPU as the server's own HTTP handling, which is what we measure.
     */
    private static final class KeepAliveClient {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedInputStream in;
        private final int port;

        KeepAliveClient(int port) throws IOException {
            this.port = port;
            this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        JsonNode complete(byte[] body) throws IOException {
            String head = "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            int length = -1;
            for (String header; !(header = line()).isEmpty(); ) {
                int colon = header.indexOf(':');
                if (colon > 0 && header.substring(0, colon).equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(header.substring(colon + 1).strip());
                }
            }
            if (length < 0) throw new IOException("the server's answer has no Content-Length: " + status);
            byte[] answer = in.readNBytes(length);
            if (!status.startsWith("HTTP/1.1 200")) throw new IOException("the server answered " + status + ": " + new String(answer, StandardCharsets.UTF_8));
            return JSON.readTree(answer);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // the server is going away too
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) throw new IOException("the server closed the connection");
                if (c != '\r') b.append((char) c);
            }
            return b.toString();
        }
    }
}
