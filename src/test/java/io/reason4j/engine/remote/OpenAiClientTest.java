package io.reason4j.engine.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reason4j.engine.FinishReason;
import io.reason4j.engine.SamplingParams;
import io.reason4j.text.CharacterTokenizerFiles;
import io.reason4j.text.Tokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against fake servers: retries, balancing, error messages, malformed answers, the token-id fallback. */
class OpenAiClientTest {
    static final int[] PROMPT = {5, 6, 7};
    static final SamplingParams GREEDY = SamplingParams.greedy(4);
    static final String GOOD = """
            {"choices": [{"index": 0, "text": "ab", "finish_reason": "length",
              "logprobs": {"tokens": ["token_id:68", "token_id:69"], "token_logprobs": [-0.5, -0.25]}}]}""";

    @TempDir static Path dir;
    static Tokenizer tokenizer;
    private final List<HttpServer> servers = new ArrayList<>();

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(CharacterTokenizerFiles.write(dir.resolve("tok")));
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A fake server: request k (from 0) is answered with {@code reply.apply(k)}: a status and a body. */
    record Fake(URI uri, AtomicInteger requests) {}

    record Answer(int status, String body) {}

    Fake fake(IntFunction<Answer> reply) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger count = new AtomicInteger();
        s.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Answer a = reply.apply(count.getAndIncrement());
            send(exchange, a);
        });
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        servers.add(s);
        return new Fake(URI.create("http://127.0.0.1:" + s.getAddress().getPort()), count);
    }

    static void send(HttpExchange exchange, Answer a) throws IOException {
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    static OpenAiClient client(URI... endpoints) {
        return new OpenAiClient(RemoteOptions.of(List.of(endpoints)).withRetries(3, Duration.ofMillis(5)), tokenizer);
    }

    @Test
    void tokenIdsAndLogprobsComeFromTheLogprobTokens() throws Exception {
        Fake f = fake(k -> new Answer(200, GOOD));
        try (OpenAiClient c = client(f.uri())) {
            RemoteCompletion r = c.complete("m", PROMPT, GREEDY, 1, 4).getFirst();
            assertThat(r.tokenIds()).containsExactly(68, 69);
            assertThat(r.logprobs()).containsExactly(-0.5f, -0.25f);
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(r.exactTokens()).isTrue();
        }
    }

    @Test
    void aServerThatSendsNoTokenIdsIsReTokenizedLocallyAndSaysSo() throws Exception {
        Fake f = fake(k -> new Answer(200, """
                {"choices": [{"index": 0, "text": "a+", "finish_reason": "stop", "stop_reason": "=",
                  "logprobs": {"tokens": ["a", "+"], "token_logprobs": [-1.0, -2.0]}}]}"""));
        try (OpenAiClient c = client(f.uri())) {
            RemoteCompletion r = c.complete("m", PROMPT, GREEDY, 1, 4).getFirst();
            // The server cut the stop string from its text despite include_stop_str_in_output: it is put back.
            assertThat(r.text()).isEqualTo("a+=");
            assertThat(r.tokenIds()).isEqualTo(tokenizer.encode("a+="));
            assertThat(r.logprobs()).hasSize(3); // 2 log-probs for 3 tokens: unknown
            for (float lp : r.logprobs()) assertThat(lp).isNaN();
            assertThat(r.exactTokens()).isFalse();
            assertThat(r.matchedStop()).isEqualTo("=");
        }
        try (OpenAiClient c = new OpenAiClient(RemoteOptions.of(List.of(f.uri())), null)) {
            assertThatThrownBy(() -> c.complete("m", PROMPT, GREEDY, 1, 4)).isInstanceOf(RemoteEngineException.class)
                    .hasMessageContaining("sent no token ids").hasMessageContaining("no tokenizer");
        }
    }

    @Test
    void malformedResponsesNameWhatIsMissing() throws Exception {
        Fake notJson = fake(k -> new Answer(200, "<html>oops</html>"));
        Fake noFinish = fake(k -> new Answer(200, "{\"choices\": [{\"index\": 0, \"text\": \"x\"}]}"));
        Fake noChoices = fake(k -> new Answer(200, "{\"object\": \"text_completion\"}"));
        Fake badToken = fake(k -> new Answer(200, GOOD.replace("token_id:69", "token_id:x")));
        try (OpenAiClient a = client(notJson.uri()); OpenAiClient b = client(noFinish.uri()); OpenAiClient c = client(noChoices.uri());
             OpenAiClient d = client(badToken.uri())) {
            assertThatThrownBy(() -> a.complete("m", PROMPT, GREEDY, 1, 4)).isInstanceOf(RemoteEngineException.class)
                    .hasMessage("malformed response from " + notJson.uri() + "/v1/completions: not JSON (<html>oops</html>)");
            assertThatThrownBy(() -> b.complete("m", PROMPT, GREEDY, 1, 4))
                    .hasMessage("malformed response from " + noFinish.uri() + "/v1/completions: choices[0].finish_reason is missing or not a string");
            assertThatThrownBy(() -> c.complete("m", PROMPT, GREEDY, 1, 4)).hasMessageEndingWith("choices is missing or not an array");
            assertThatThrownBy(() -> d.complete("m", PROMPT, GREEDY, 1, 4)).hasMessageContaining("is 'token_id:x', expected token_id:<integer>");
        }
    }

    @Test
    void errorStatusesShowTheServersMessageAndOnlyBusyOnesAreRetried() throws Exception {
        Fake bad = fake(k -> new Answer(400, "{\"error\": {\"message\": \"max_tokens is too large\", \"type\": \"BadRequestError\", \"code\": 400}}"));
        Fake busy = fake(k -> new Answer(503, "{\"detail\": \"overloaded\"}"));
        Fake flaky = fake(k -> k < 2 ? new Answer(500, "boom") : new Answer(200, GOOD));
        try (OpenAiClient a = client(bad.uri()); OpenAiClient b = client(busy.uri()); OpenAiClient c = client(flaky.uri())) {
            assertThatThrownBy(() -> a.complete("m", PROMPT, GREEDY, 1, 4))
                    .hasMessage(bad.uri() + "/v1/completions answered 400: max_tokens is too large");
            assertThat(bad.requests()).hasValue(1);
            assertThatThrownBy(() -> b.complete("m", PROMPT, GREEDY, 1, 4))
                    .hasMessage(busy.uri() + "/v1/completions answered 503 after 3 attempts: overloaded");
            assertThat(busy.requests()).hasValue(3);
            assertThat(c.complete("m", PROMPT, GREEDY, 1, 4).getFirst().tokenIds()).containsExactly(68, 69);
            assertThat(flaky.requests()).hasValue(3);
        }
    }

    @Test
    void roundRobinSpreadsRequestsAndSkipsAnEndpointThatIsDown() throws Exception {
        Fake a = fake(k -> new Answer(200, GOOD)), b = fake(k -> new Answer(200, GOOD));
        try (OpenAiClient c = new OpenAiClient(RemoteOptions.of(List.of(a.uri(), b.uri())).withBalancing(Balancing.ROUND_ROBIN), tokenizer)) {
            for (int i = 0; i < 6; i++) c.complete("m", PROMPT, GREEDY, 1, 4);
        }
        assertThat(a.requests()).hasValue(3);
        assertThat(b.requests()).hasValue(3);

        URI dead = URI.create("http://127.0.0.1:" + freePort());
        try (OpenAiClient c = new OpenAiClient(RemoteOptions.of(List.of(dead, b.uri())).withBalancing(Balancing.ROUND_ROBIN)
                .withRetries(2, Duration.ofSeconds(5)), tokenizer)) {
            // Each request that lands on the dead endpoint is retried on the live one; the dead one is then passed over.
            for (int i = 0; i < 4; i++) assertThat(c.complete("m", PROMPT, GREEDY, 1, 4)).hasSize(1);
        }
        assertThat(b.requests()).hasValue(7);
    }

    @Test
    void leastOutstandingSendsNothingMoreToAServerThatIsStillBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Fake slow = fake(k -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Answer(200, GOOD);
        });
        Fake fast = fake(k -> new Answer(200, GOOD));
        try (OpenAiClient c = new OpenAiClient(RemoteOptions.of(List.of(slow.uri(), fast.uri())), tokenizer);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // Ties go in turn, starting with the first endpoint: the first request waits on the slow server.
            Future<?> first = pool.submit(() -> c.complete("m", PROMPT, GREEDY, 1, 4));
            while (slow.requests().get() == 0) Thread.sleep(1);
            for (int i = 0; i < 4; i++) c.complete("m", PROMPT, GREEDY, 1, 4);
            assertThat(fast.requests()).hasValue(4);
            assertThat(slow.requests()).hasValue(1);
            release.countDown();
            first.get();
        }
    }

    @Test
    void endpointsAreParsedFromACommaSeparatedList() {
        assertThat(RemoteOptions.parseEndpoints("http://a:8000/v1/, https://b:9000")).containsExactly(URI.create("http://a:8000/v1/"), URI.create("https://b:9000"));
        assertThat(RemoteOptions.of("http://a:8000/v1/,http://b:1").endpoints()).containsExactly(URI.create("http://a:8000"), URI.create("http://b:1"));
        assertThatThrownBy(() -> RemoteOptions.parseEndpoints("localhost:8000")).isInstanceOf(RemoteEngineException.class)
                .hasMessageContaining("must be an http:// or https:// URL");
        assertThatThrownBy(() -> RemoteOptions.parseEndpoints(" , ")).hasMessageContaining("no endpoint given");
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
