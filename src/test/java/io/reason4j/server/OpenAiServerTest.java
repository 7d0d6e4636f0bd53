package io.reason4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.Completion;
import io.reason4j.engine.FinishReason;
import io.reason4j.engine.GenerationRequest;
import io.reason4j.engine.LocalEngine;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.engine.SamplingParams;
import io.reason4j.engine.remote.OpenAiClient;
import io.reason4j.engine.remote.RemoteCompletion;
import io.reason4j.engine.remote.RemoteEngineException;
import io.reason4j.engine.remote.RemoteOptions;
import io.reason4j.model.KvCache;
import io.reason4j.tensor.LogSoftmax;
import io.reason4j.text.CharacterTokenizerFiles;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.Tokenizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our OpenAI-compatible server over real HTTP, checked against the local engine it serves. */
class OpenAiServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<Integer> EOS = Set.of(CharacterTokenizerFiles.IM_END_ID);

    @TempDir static Path dir;
    static ModelDirectory model;
    static LocalEngine local;
    static Tokenizer tokenizer;
    static OpenAiServer server;
    static OpenAiClient client;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        model = ModelDirectory.open(TinyServedModel.write(dir.resolve("tiny"), 7));
        local = model.engine();
        tokenizer = model.tokenizer().orElseThrow();
        server = OpenAiServer.start(ServedModel.of(model, "tiny"), OpenAiServer.Options.of("127.0.0.1", 0).withMaxBatch(16));
        client = new OpenAiClient(RemoteOptions.of(List.of(server.baseUri())), tokenizer);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        model.close();
    }

    record Reply(int status, JsonNode body) {}

    static Reply post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    static Reply postBytes(String path, byte[] body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    static Reply post(String path, ObjectNode body) throws Exception {
        return post(path, JSON.writeValueAsString(body));
    }

    static ObjectNode completion(int[] prompt, int maxTokens) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", "tiny");
        ArrayNode p = o.putArray("prompt");
        for (int id : prompt) p.add(id);
        o.put("max_tokens", maxTokens);
        o.put("temperature", 0);
        return o;
    }

    static int[] ids(JsonNode logprobTokens) {
        int[] out = new int[logprobTokens.size()];
        for (int i = 0; i < out.length; i++) {
            String t = logprobTokens.get(i).asText();
            assertThat(t).startsWith("token_id:");
            out[i] = Integer.parseInt(t.substring("token_id:".length()));
        }
        return out;
    }

    static Completion localGreedy(int[] prompt, int maxTokens, Set<Integer> stops) {
        return local.generate(List.of(new GenerationRequest(prompt, SamplingParams.greedy(maxTokens).withStops(stops, List.of())))).getFirst();
    }

    static final int[] PROMPT = {40, 41, 42, 17, 5};

    @Test
    void modelsListsTheServedModelWithItsContextLength() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode m = JSON.readTree(r.body()).get("data").get(0);
        assertThat(m.get("id").asText()).isEqualTo("tiny");
        assertThat(m.get("max_model_len").asInt()).isEqualTo(TinyServedModel.CONTEXT);
        assertThat(client.models()).containsExactly(new OpenAiClient.ServedModel("tiny", TinyServedModel.CONTEXT));
    }

    @Test
    void tokenIdCompletionsEqualTheLocalEngineTokensLogprobsAndText() throws Exception {
        ObjectNode body = completion(PROMPT, 30);
        body.put("logprobs", 0);
        body.put("return_tokens_as_token_ids", true);
        body.put("ignore_eos", true);
        body.put("skip_special_tokens", false);
        Reply r = post("/v1/completions", body);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        JsonNode choice = r.body().get("choices").get(0);
        Completion expected = localGreedy(PROMPT, 30, Set.of());
        assertThat(ids(choice.get("logprobs").get("tokens"))).isEqualTo(expected.tokenIds());
        for (int i = 0; i < expected.tokenIds().length; i++) {
            assertThat(choice.get("logprobs").get("token_logprobs").get(i).asDouble()).isCloseTo(expected.logprobs()[i], Offset.offset(1e-6));
        }
        assertThat(choice.get("text").asText()).isEqualTo(expected.text());
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        assertThat(r.body().get("object").asText()).isEqualTo("text_completion");
        assertThat(r.body().get("usage").get("prompt_tokens").asInt()).isEqualTo(PROMPT.length);
        assertThat(r.body().get("usage").get("completion_tokens").asInt()).isEqualTo(30);
        assertThat(r.body().get("usage").get("total_tokens").asInt()).isEqualTo(PROMPT.length + 30);
    }

    /** The log-probs are the model's: a full forward pass over prompt + completion (what `reason4j score` computes) agrees. */
    @Test
    void logprobsAreThoseOfAFullForwardPassAndTopLogprobsHoldTheChosenToken() throws Exception {
        ObjectNode body = completion(PROMPT, 12);
        body.put("logprobs", 3);
        body.put("return_tokens_as_token_ids", true);
        body.put("ignore_eos", true);
        JsonNode lp = post("/v1/completions", body).body().get("choices").get(0).get("logprobs");
        int[] out = ids(lp.get("tokens"));
        int[] all = Arrays.copyOf(PROMPT, PROMPT.length + out.length);
        System.arraycopy(out, 0, all, PROMPT.length, out.length);
        int vocab = model.config().vocabSize();
        float[] logits = model.decoder().logitsOf(all, new KvCache(model.config()));
        int lastOffset = -1;
        for (int i = 0; i < out.length; i++) {
            double[] full = new double[vocab];
            LogSoftmax.forward(logits, (PROMPT.length + i - 1) * vocab, vocab, full, 0);
            assertThat(lp.get("token_logprobs").get(i).asDouble()).isCloseTo(full[out[i]], Offset.offset(2e-5));
            JsonNode top = lp.get("top_logprobs").get(i);
            assertThat(top.size()).isEqualTo(3); // greedy: the chosen token is the first of the three
            assertThat(top.get("token_id:" + out[i]).asDouble()).isCloseTo(full[out[i]], Offset.offset(2e-5));
            double chosen = full[out[i]];
            top.properties().forEach(e -> assertThat(e.getValue().asDouble()).isLessThanOrEqualTo(chosen + 1e-6));
            assertThat(lp.get("text_offset").get(i).asInt()).isGreaterThanOrEqualTo(lastOffset);
            lastOffset = lp.get("text_offset").get(i).asInt();
        }
    }

    @Test
    void aTextPromptIsTokenizedAsTheLocalTokenizerDoes() throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("prompt", "The answer is");
        body.put("max_tokens", 10);
        body.put("temperature", 0);
        body.put("ignore_eos", true);
        body.put("skip_special_tokens", false);
        Reply r = post("/v1/completions", body);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        Completion expected = localGreedy(tokenizer.encode("The answer is", true), 10, Set.of());
        assertThat(r.body().get("choices").get(0).get("text").asText()).isEqualTo(expected.text());
    }

    @Test
    void theClientGetsExactTokenIdsAndSeededSamplesEqualTheLocalEngine() {
        SamplingParams sampled = new SamplingParams(0.9, 0.95, 20, 25, 1234, EOS, List.of());
        List<RemoteCompletion> remote = client.complete("tiny", PROMPT, sampled, 3, 25);
        assertThat(remote).hasSize(3);
        for (int j = 0; j < 3; j++) {
            RemoteCompletion c = remote.get(j);
            Completion expected = local.generate(List.of(new GenerationRequest(PROMPT, sampled.withSeed(1234 + j)))).getFirst();
            assertThat(c.index()).isEqualTo(j);
            assertThat(c.exactTokens()).isTrue();
            assertThat(c.tokenIds()).as("choice %d", j).isEqualTo(expected.tokenIds());
            assertThat(c.finishReason()).isEqualTo(expected.finishReason());
            for (int i = 0; i < c.logprobs().length; i++) assertThat(c.logprobs()[i]).isCloseTo(expected.logprobs()[i], Offset.offset(1e-6f));
        }
        assertThat(remote.get(0).tokenIds()).isNotEqualTo(remote.get(1).tokenIds());
    }

    @Test
    void chatRendersTheTemplateAndStreamsTheSameMessage() throws Exception {
        List<ChatMessage> messages = List.of(ChatMessage.system("Be brief."), ChatMessage.user("What is 2+2?"));
        int[] prompt = tokenizer.encode(tokenizer.chatTemplate().orElseThrow().render(messages, true), false);
        Completion expected = localGreedy(prompt, 40, EOS);

        ObjectNode body = JSON.createObjectNode();
        body.put("model", "tiny");
        ArrayNode m = body.putArray("messages");
        m.addObject().put("role", "system").put("content", "Be brief.");
        m.addObject().put("role", "user").putArray("content").addObject().put("type", "text").put("text", "What is 2+2?");
        body.put("max_tokens", 40);
        body.put("temperature", 0);
        body.put("logprobs", true);
        body.put("top_logprobs", 2);
        Reply r = post("/v1/chat/completions", body);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        JsonNode choice = r.body().get("choices").get(0);
        assertThat(r.body().get("object").asText()).isEqualTo("chat.completion");
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isEqualTo(tokenizer.decode(expected.tokenIds(), true));
        JsonNode content = choice.get("logprobs").get("content");
        assertThat(content.size()).isEqualTo(expected.tokenIds().length);
        for (int i = 0; i < content.size(); i++) {
            assertThat(content.get(i).get("token").asText()).isEqualTo(tokenizer.decode(new int[] {expected.tokenIds()[i]}, false));
            assertThat(content.get(i).get("logprob").asDouble()).isCloseTo(expected.logprobs()[i], Offset.offset(1e-6));
            assertThat(content.get(i).get("top_logprobs").size()).isEqualTo(2);
            assertThat(content.get(i).get("bytes").isArray()).isTrue();
        }
        assertThat(r.body().get("usage").get("prompt_tokens").asInt()).isEqualTo(prompt.length);

        // The same request streamed: role first, then content deltas that add up to the same message.
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        StringBuilder streamed = new StringBuilder();
        List<JsonNode> events = new ArrayList<>();
        client.stream(OpenAiClient.CHAT_COMPLETIONS, body, events::add);
        assertThat(events.getFirst().get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
        String finish = null;
        int streamedTokens = 0;
        for (JsonNode e : events) {
            assertThat(e.get("object").asText()).isEqualTo("chat.completion.chunk");
            if (e.get("choices").isEmpty()) continue;
            JsonNode c = e.get("choices").get(0);
            streamed.append(c.get("delta").get("content").asText());
            if (c.get("logprobs").isObject()) streamedTokens += c.get("logprobs").get("content").size();
            if (!c.get("finish_reason").isNull()) finish = c.get("finish_reason").asText();
        }
        assertThat(streamed.toString()).isEqualTo(choice.get("message").get("content").asText());
        assertThat(streamedTokens).isEqualTo(expected.tokenIds().length);
        assertThat(finish).isEqualTo(choice.get("finish_reason").asText());
        assertThat(events.getLast().get("usage").get("completion_tokens").asInt()).isEqualTo(expected.tokenIds().length);

        List<RemoteCompletion> viaClient = client.chat("tiny", messages, SamplingParams.greedy(40), 1, 40);
        assertThat(viaClient.getFirst().tokenIds()).isEqualTo(expected.tokenIds());
    }

    @Test
    void aStreamedCompletionReassemblesToTheWholeGreedyResult() throws Exception {
        ObjectNode body = completion(PROMPT, 60);
        body.put("n", 2);
        body.put("logprobs", 1);
        body.put("return_tokens_as_token_ids", true);
        Reply whole = post("/v1/completions", body);
        body.put("stream", true);
        StringBuilder[] text = {new StringBuilder(), new StringBuilder()};
        List<List<Integer>> tokens = List.of(new ArrayList<>(), new ArrayList<>());
        String[] finish = new String[2];
        int[] events = {0};
        client.stream(OpenAiClient.COMPLETIONS, body, e -> {
            events[0]++;
            JsonNode c = e.get("choices").get(0);
            int i = c.get("index").asInt();
            text[i].append(c.get("text").asText());
            for (int id : ids(c.get("logprobs").get("tokens"))) tokens.get(i).add(id);
            if (!c.get("finish_reason").isNull()) finish[i] = c.get("finish_reason").asText();
        });
        assertThat(events[0]).as("one event per token or so, not one at the end").isGreaterThan(10);
        for (int i = 0; i < 2; i++) {
            JsonNode c = whole.body().get("choices").get(i);
            assertThat(text[i].toString()).isEqualTo(c.get("text").asText());
            assertThat(tokens.get(i).stream().mapToInt(Integer::intValue).toArray()).isEqualTo(ids(c.get("logprobs").get("tokens")));
            assertThat(finish[i]).isEqualTo(c.get("finish_reason").asText());
        }
    }

    @Test
    void aStopStringEndsTheCompletionAndIsCutFromTheTextUnlessAskedFor() throws Exception {
        Completion free = localGreedy(PROMPT, 40, Set.of());
        String text = tokenizer.decode(free.tokenIds(), false);
        String stop = text.substring(6, 8);
        ObjectNode body = completion(PROMPT, 40);
        body.put("ignore_eos", true);
        body.put("stop", stop);
        body.put("skip_special_tokens", false);
        JsonNode c = post("/v1/completions", body).body().get("choices").get(0);
        assertThat(c.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(c.get("stop_reason").asText()).isEqualTo(stop);
        assertThat(c.get("text").asText()).isEqualTo(text.substring(0, text.indexOf(stop)));

        body.put("include_stop_str_in_output", true);
        body.put("stream", true);
        StringBuilder streamed = new StringBuilder();
        client.stream(OpenAiClient.COMPLETIONS, body, e -> streamed.append(e.get("choices").get(0).get("text").asText()));
        assertThat(streamed.toString()).isEqualTo(text.substring(0, text.indexOf(stop) + stop.length()));

        RemoteCompletion viaClient = client.complete("tiny", PROMPT, SamplingParams.greedy(40).withStops(Set.of(), List.of(stop)), 1, 40).getFirst();
        assertThat(viaClient.matchedStop()).isEqualTo(stop);
        assertThat(tokenizer.decode(viaClient.tokenIds(), false)).endsWith(stop);
    }

    @Test
    void badFieldsAre400sThatNameTheFieldAndUnknownPathsAndModels404s() throws Exception {
        assertError(post("/v1/completions", "{\"prompt\": [1, 2], \"temperature\": \"hot\"}"), 400, "temperature", "temperature must be a number");
        assertError(post("/v1/completions", "{\"max_tokens\": 3}"), 400, "prompt", "prompt is required");
        assertError(post("/v1/completions", "{\"prompt\": [1, 999]}"), 400, "prompt", "token id 999");
        assertError(post("/v1/completions", "{\"prompt\": [1], \"top_p\": 0}"), 400, "top_p", "top_p must be in (0, 1]");
        assertError(post("/v1/completions", "{\"prompt\": [1], \"n\": 0}"), 400, "n", "n must be");
        assertError(post("/v1/completions", "{\"prompt\": [1], \"stop\": [\"a\", 3]}"), 400, "stop", "array of strings");
        assertError(post("/v1/completions", "{\"prompt\": [1], \"frequency_penalty\": 0.5}"), 400, "frequency_penalty", "not supported");
        assertError(post("/v1/completions", "{\"prompt\": [1], \"max_tokens\": 3,"), 400, null, "not valid JSON");
        // two bodies in one: the second is not ignored
        assertError(post("/v1/completions", "{\"prompt\": [1], \"max_tokens\": 1}{\"prompt\": [2]}"), 400, null, "not valid JSON");
        // bytes that look like UTF-32 (a zero byte before each character) and bytes that are not UTF-8 at all
        byte[] utf32 = "{\"prompt\": [1]}".getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
        assertError(postBytes("/v1/completions", utf32), 400, null, "not valid JSON");
        assertError(postBytes("/v1/completions", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}), 400, null, "not UTF-8");
        assertError(post("/v1/chat/completions", "{\"messages\": [{\"content\": \"hi\"}]}"), 400, "messages[0].role", "messages[0].role");
        assertError(post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_logprobs\": 2}"),
                400, "top_logprobs", "logprobs: true");
        assertError(post("/v1/completions", "{\"model\": \"gpt-4\", \"prompt\": [1]}"), 404, "model", "`gpt-4` does not exist");
        assertError(post("/v1/embeddings", "{}"), 404, null, "no endpoint /v1/embeddings");

        assertThatThrownBy(() -> client.complete("tiny", new int[] {1, 500}, SamplingParams.greedy(3), 1, 3))
                .isInstanceOf(RemoteEngineException.class).hasMessageContaining("answered 400").hasMessageContaining("token id 500");
    }

    static void assertError(Reply r, int status, String param, String message) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        JsonNode e = r.body().get("error");
        assertThat(e.get("message").asText()).contains(message);
        assertThat(e.get("type").asText()).isNotBlank();
        assertThat(e.get("code").asInt()).isEqualTo(status);
        if (param == null) assertThat(e.get("param").isNull()).isTrue();
        else assertThat(e.get("param").asText()).isEqualTo(param);
    }

    /** Requests that arrive while others decode join the running batch; each gets what it gets alone. */
    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnResult() throws Exception {
        int clients = 8;
        List<int[]> prompts = new ArrayList<>();
        List<int[]> alone = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            prompts.add(new int[] {10 + i, 20 + i, 30 + i});
            // Before the server decodes: the decoder is not thread-safe, and the server's scheduler uses it.
            alone.add(local.generate(List.of(new GenerationRequest(prompts.get(i), SamplingParams.sample(80, 99)))).getFirst().tokenIds());
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RemoteCompletion>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int[] p = prompts.get(i);
                futures.add(pool.submit(() -> client.complete("tiny", p, SamplingParams.sample(80, 99), 1, 80).getFirst()));
            }
            for (int i = 0; i < clients; i++) assertThat(futures.get(i).get().tokenIds()).as("client %d", i).isEqualTo(alone.get(i));
        }
        assertThat(server.mostSequencesInOneStep()).isGreaterThan(1);
    }

    /**
     * Tools in a chat request need the server's auto tool choice, as in vLLM; with it on, an answer
     * without calls is the plain greedy answer (special tokens kept, the stop token's text dropped).
     */
    @Test
    void toolsNeedAutoToolChoiceAndAnAnswerWithoutCallsStaysContent() throws Exception {
        String request = "{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\": \"Weather?\"}],"
                + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": {}}}],"
                + " \"max_tokens\": 40, \"temperature\": 0}";
        assertError(post("/v1/chat/completions", request), 400, "tool_choice", "--enable-auto-tool-choice");

        int[] prompt = tokenizer.encode(tokenizer.chatTemplate().orElseThrow().render(List.of(ChatMessage.user("Weather?")), true), false);
        Completion expected = localGreedy(prompt, 40, EOS);
        int[] answer = expected.tokenIds();
        if (expected.finishReason() == FinishReason.STOP) answer = java.util.Arrays.copyOf(answer, answer.length - 1);
        try (ModelDirectory own = ModelDirectory.open(dir.resolve("tiny"));
             OpenAiServer s = OpenAiServer.start(ServedModel.of(own, "tiny"), OpenAiServer.Options.of("127.0.0.1", 0).withAutoToolChoice(true))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.baseUri() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode choice = JSON.readTree(r.body()).get("choices").get(0);
            assertThat(choice.get("message").get("content").asText()).isEqualTo(tokenizer.decode(answer, false));
            assertThat(choice.get("message").has("tool_calls")).isFalse();
            assertThat(choice.get("finish_reason").asText()).isEqualTo(expected.finishReason().apiName());
        }
    }

    /** Closing lets a running request finish, then refuses connections; idle keep-alive connections do not hold it up. */
    @Test
    void closingLetsRunningRequestsFinish() throws Exception {
        try (ModelDirectory own = ModelDirectory.open(dir.resolve("tiny"))) { // its own decoder: the shared server's runs meanwhile
            OpenAiServer s = OpenAiServer.start(ServedModel.of(own, "tiny"), OpenAiServer.Options.of("127.0.0.1", 0));
            ObjectNode body = completion(PROMPT, 200);
            body.put("ignore_eos", true);
            body.put("stream", true);
            List<JsonNode> events = new ArrayList<>();
            try (OpenAiClient c = new OpenAiClient(RemoteOptions.of(List.of(s.baseUri())).withRetries(1, java.time.Duration.ofMillis(1)), null);
                 ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<?> running = pool.submit(() -> c.stream(OpenAiClient.COMPLETIONS, body, e -> {
                    synchronized (events) {
                        events.add(e);
                    }
                }));
                while (true) {
                    synchronized (events) {
                        if (!events.isEmpty()) break;
                    }
                    Thread.sleep(1);
                }
                s.close();
                running.get();
                assertThat(events.getLast().get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
                assertThatThrownBy(() -> c.models()).isInstanceOf(RemoteEngineException.class).hasMessageContaining("cannot reach");
            }
        }
    }
}
