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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * {@code clients} concurrent clients each ask {@code /v1/completions} for one completion of a
 * token-id prompt, with no stop tokens so every completion has its 100 tokens. The figure is the
 * tokens all clients received per second of wall time (first request sent to last answer read),
 * against plain batched sampling of the same prompts at batch {@code clients} ({@code bench sample
 * --batch N}), timed alternately in the same run. The clients share the machine's cores with the
 * server, as they would on a single host.
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
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            URI uri = URI.create(server.baseUri() + "/v1/completions");
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
            Runnable serve = () -> received[0] = completeAll(http, threads, uri, bodies);
            Runnable plain = () -> {
                try (GenerationBatch b = new GenerationBatch(decoder, null)) {
                    for (int i = 0; i < clients; i++) b.add(prompts.get(i), SamplingParams.sample(newTokens, i));
                    b.run();
                }
            };
            double[] times = RolloutBench.interleavedBest(plain, serve, reps);
            if (received[0] != clients * newTokens) {
                throw new IllegalStateException("the server generated " + received[0] + " tokens, expected " + clients * newTokens);
            }
            double plainRate = clients * newTokens / times[0], serveRate = received[0] / times[1];
            out.put("preset", preset);
            out.put("clients", clients);
            out.put("prompt_tokens", promptLength);
            out.put("new_tokens", newTokens);
            out.put("most_sequences_in_one_step", server.mostSequencesInOneStep());
            out.put("sampling_tokens_per_s", plainRate);
            out.put("serve_tokens_per_s", serveRate);
            out.put("ratio", serveRate / plainRate);
            if (!json) {
                System.out.printf("serve %s: %d concurrent clients, prompt %d, %d new tokens each: %.0f tokens/s over HTTP;"
                        + " plain sampling at batch %d %.0f tokens/s; ratio %.2f (best of %d interleaved runs each;"
                        + " at most %d sequences per step)%n", preset, clients, promptLength, newTokens, serveRate, clients, plainRate,
                        serveRate / plainRate, reps, server.mostSequencesInOneStep());
            }
        }
    }

    /** Sends every body at once, one client each, and returns the completion tokens the answers report. */
    private static int completeAll(HttpClient http, ExecutorService threads, URI uri, List<byte[]> bodies) {
        List<Future<Integer>> answers = new ArrayList<>();
        for (byte[] body : bodies) {
            answers.add(threads.submit(() -> {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                JsonNode answer = JSON.readTree(response.body());
                if (response.statusCode() != 200) throw new IllegalStateException("the server answered " + response.statusCode() + ": " + answer);
                return answer.get("usage").get("completion_tokens").asInt();
            }));
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
}
