package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.reason4j.data.PromptExample;
import io.reason4j.reward.MathVerifier;
import io.reason4j.reward.VerifierSettings;
import io.reason4j.rollout.ResponseText;
import io.reason4j.text.ChatMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reward.terms end to end: each term's value as its formula gives it, the weighted sum, the verdict
 * kept apart from the terms, and every mistake in a term's options named by its key.
 */
class TermRewardTest {
    @TempDir Path dir;

    static final PromptExample PROBLEM = new PromptExample("p0", List.of(ChatMessage.user("What is 2+3?")), "5", "test", Map.of());

    static TermReward reward(String terms) {
        RlConfig c = RlConfigLoader.parseLayered("preset: grpo\nsampling:\n  max_response_length: 100\nreward:\n  terms:\n" + terms, "terms.yaml");
        return TermReward.of(p -> MathVerifier.of(VerifierSettings.strict()), c);
    }

    @Test
    void everyTermIsItsFormulaAndTheRewardTheirWeightedSum() {
        String text = "<think>Let me add two and three, then check: two and three make five.</think> The answer is \\boxed{5}.";
        int tokens = 60;
        TermReward r = reward("""
                    - {name: accuracy, weight: 1.0, options: {correct: 1.0, incorrect: -1.0}}
                    - {name: format, weight: 0.5}
                    - {name: cosine_length, weight: 0.25}
                    - {name: repetition, weight: 2.0}
                    - {name: overlong, options: {buffer: 50}}
                    - {name: language_consistency, weight: 0.1, options: {language: zh}}
                """);
        ScoredResponse s = r.score(PROBLEM, "What is 2+3?", ResponseText.plain(text, tokens));

        double cosine = 0.5 + 0.5 * (1.0 - 0.5) * (1 + Math.cos(Math.PI * tokens / 100.0)); // correct: from max_correct 1 down to min_correct 0.5
        String[] words = text.toLowerCase().strip().split("\\s+");
        java.util.Set<String> grams = new java.util.HashSet<>();
        for (int i = 0; i + 3 <= words.length; i++) grams.add(words[i] + " " + words[i + 1] + " " + words[i + 2]);
        double repetition = -1.0 * (1 - grams.size() / (double) (words.length - 2));
        double overlong = (50 - tokens) / 50.0; // inside the buffer: L_max − L_cache = 50
        assertThat(s.components()).containsOnlyKeys("accuracy", "format", "cosine_length", "repetition", "overlong", "language_consistency");
        assertThat(s.components().get("accuracy")).isEqualTo(1.0);
        assertThat(s.components().get("format")).isEqualTo(1.0);
        assertThat(s.components().get("cosine_length")).isCloseTo(cosine, within(1e-12));
        assertThat(s.components().get("repetition")).isCloseTo(repetition, within(1e-12)).isNegative(); // "two and three" repeats
        assertThat(s.components().get("overlong")).isCloseTo(overlong, within(1e-12));
        assertThat(s.components().get("language_consistency")).isZero(); // an English chain of thought, target Chinese
        assertThat(s.reward()).isCloseTo(1.0 + 0.5 + 0.25 * cosine + 2.0 * repetition + overlong, within(1e-12));
        assertThat(s.correct()).isTrue();
        assertThat(s.rule()).isEqualTo("boxed");
    }

    @Test
    void correctnessIsTheVerifiersVerdictWhateverTheTermsAndTermsJudgeOnlyThePolicysWords() {
        TermReward formatOnly = reward("    - {name: format}\n");
        ScoredResponse wrong = formatOnly.score(PROBLEM, "q", ResponseText.plain("<think>hmm</think> The answer is \\boxed{4}.", 10));
        assertThat(wrong.reward()).isEqualTo(1.0);
        assertThat(wrong.correct()).isFalse();
        // the think tags and the answer come from tool output, not from the policy: no format credit, no answer
        ResponseText inserted = new ResponseText("<think>x</think> \\boxed{5}", "\n", 10);
        ScoredResponse s = reward("    - {name: format}\n    - {name: accuracy}\n").score(PROBLEM, "q", inserted);
        assertThat(s.components()).containsEntry("format", 0.0).containsEntry("accuracy", 0.0);
        assertThat(s.correct()).isFalse();
    }

    @Test
    void toolUseFormatReadsTheTranscriptWhereToolOutputSits() {
        String full = "<code>print(2+3)</code><interpreter>5</interpreter> The answer is \\boxed{5}.";
        TermReward r = reward("    - {name: tool_use_format}\n");
        assertThat(r.score(PROBLEM, "q", new ResponseText(full, "<code>print(2+3)</code>\n The answer is \\boxed{5}.", 20))
                .components()).containsEntry("tool_use_format", 1.0);
        // output the policy wrote itself, away from any code: a fabricated tool result
        String fabricated = "I ran it. <interpreter>5</interpreter> The answer is \\boxed{5}.";
        assertThat(r.score(PROBLEM, "q", ResponseText.plain(fabricated, 20)).components()).containsEntry("tool_use_format", 0.0);
    }

    @Test
    void mistakesInTermsNameTheTermAndTheOption() {
        String[][] cases = {
                {"    - {name: overlong, options: {bufer: 4}}\n", "reward.terms[0].options.bufer", "not an option of the overlong term", "buffer"},
                {"    - {name: accuracy}\n    - {name: overlong, options: {buffer: 400}}\n", "reward.terms[1].options.buffer", "[1, max_length = 100]", ""},
                {"    - {name: accuracy}\n    - {name: accuracy, weight: 2.0}\n", "reward.terms[1].name", "already a term", ""},
                {"    - {name: acuracy}\n", "reward.terms[0].name", "allowed values: accuracy, format", "language_consistency, judge"},
                {"    - {name: accuracy, options: {correct: yes}}\n", "reward.terms[0].options.correct", "a number", ""},
                {"    - {name: accuracy, options: {correct: 0.0, incorrect: 0.5}}\n", "reward.terms[0].options.correct", "correct > incorrect", ""},
                {"    - {name: language_consistency, options: {language: klingon}}\n", "reward.terms[0].options.language", "en", "zh"},
                {"    - {name: repetition, options: {max_penalty: 1.0}}\n", "reward.terms[0].options.max_penalty", "≤ 0", ""},
                {"    - {name: judge}\n", "reward.terms[0].options.model", "exactly one", "options.endpoint"},
                {"    - {name: judge, options: {model: /m, endpoint: 'http://x'}}\n", "reward.terms[0].options.endpoint", "exactly one", ""},
                {"    - {name: judge, options: {model: /m, mode: sometimes}}\n", "reward.terms[0].options.mode", "always, rules_first", ""},
                {"    - {name: accuracy, weight: 1.0, extra: 2}\n", "reward.terms[0]", "extra", ""},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> reward(c[0])).as(c[0]).isInstanceOf(ConfigValueException.class)
                    .hasMessageContaining("terms.yaml:5").hasMessageContaining(c[1]).hasMessageContaining(c[2]).hasMessageContaining(c[3]);
        }
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("reward:\n  terms: accuracy\n", "t.yaml")).hasMessageContaining("reward.terms")
                .hasMessageContaining("takes a list");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("reward:\n  terms: []\n", "t.yaml")).hasMessageContaining("reward.terms")
                .hasMessageContaining("is empty");
    }

    /** A fake OpenAI server: every chat request is recorded and answered with {@code reply}. */
    static HttpServer judgeServer(String reply, List<String> requests) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestURI().getPath() + " " + body);
            String json = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(reply) + "},\"finish_reason\":\"stop\"}]}";
            byte[] out = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        s.start();
        return s;
    }

    @Test
    void aJudgeAtAnEndpointIsAskedAboutTheExtractedAnswerAndItsVerdictIsTheTerm() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer server = judgeServer("They are the same number.\nFinal judgment: YES", requests);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            try (TermReward r = reward("    - {name: judge, options: {endpoint: '" + url + "', served_model: judge-7b, max_tokens: 64}}\n")) {
                ScoredResponse s = r.score(PROBLEM, "What is 2+3?", ResponseText.plain("So it is five. The answer is \\boxed{five}.", 12));
                assertThat(s.components()).containsEntry("judge", 1.0);
                assertThat(s.correct()).isFalse(); // the rules cannot read "five": correctness stays the verifier's
            }
            assertThat(requests).singleElement().satisfies(q -> assertThat(q).startsWith("/v1/chat/completions ")
                    .contains("\"model\":\"judge-7b\"").contains("\"temperature\":0.0").contains("\"max_tokens\":64")
                    .contains("Reference answer: 5").contains("Student answer: five").doesNotContain("So it is five"));

            requests.clear();
            try (TermReward r = reward("    - {name: judge, options: {endpoint: '" + url + "', mode: rules_first, served_model: j}}\n")) {
                // the rules decide a box they can read: the judge is not asked, and its YES cannot overrule them
                assertThat(r.score(PROBLEM, "q", ResponseText.plain("The answer is \\boxed{4}.", 5)).components()).containsEntry("judge", 0.0);
                assertThat(requests).isEmpty();
                // where the rules are undecided (an integral they do not evaluate), the judge decides
                PromptExample integral = new PromptExample("p1", List.of(ChatMessage.user("Compute it.")), "\\int_0^1 x\\,dx", "test", Map.of());
                assertThat(r.score(integral, "q", ResponseText.plain("The answer is \\boxed{\\frac12}.", 5)).components()).containsEntry("judge", 1.0);
                assertThat(requests).hasSize(1);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aJudgeThatSaysNeitherYesNorNoEarnsIncorrectAndALocalModelDirectoryJudges() throws Exception {
        Path judge = TinyPolicy.write(dir.resolve("judge"), 5);
        // a random model writes no verdict: the term is `incorrect`, never a guess
        try (TermReward r = reward("    - {name: judge, options: {model: '" + judge + "', max_tokens: 8, incorrect: -1.0}}\n")) {
            List<Double> values = java.util.stream.IntStream.range(0, 4).parallel()
                    .mapToObj(i -> r.score(PROBLEM, "q", ResponseText.plain("The answer is \\boxed{5}.", 5)).components().get("judge")).toList();
            assertThat(values).containsOnly(-1.0);
        }
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer server = judgeServer("I cannot tell.", requests);
        try (TermReward r = reward("    - {name: judge, options: {endpoint: 'http://127.0.0.1:" + server.getAddress().getPort() + "', served_model: j}}\n")) {
            assertThat(r.score(PROBLEM, "q", ResponseText.plain("The answer is \\boxed{5}.", 5)).components()).containsEntry("judge", 0.0);
        } finally {
            server.stop(0);
        }
    }

    /** The trainer logs every term per step, and the step's mean reward is the weighted sum of the terms' means. */
    @Test
    void theTrainerLogsEachTermAndTheRewardIsTheirWeightedSum() throws Exception {
        Path base = TinyPolicy.write(dir.resolve("base"), 3);
        RlConfig c = RlTrainerTest.tiny("grpo", 2, "reward:\n  terms:\n    - {name: accuracy, options: {incorrect: -1.0}}\n"
                + "    - {name: repetition, weight: 0.5, options: {n: 1}}\n    - {name: overlong, weight: 2.0, options: {buffer: 6}}\n"
                + "    - {name: language_consistency, weight: 0.25}\n");
        Path out = dir.resolve("run");
        try (TermReward reward = TermReward.of(p -> MathVerifier.of(VerifierSettings.strict()), c)) {
            new RlTrainer(new RlRunOptions(base, out, c, RlTrainerTest.problems(8, 0), List.of(), reward, null, false,
                    new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).run();
        }
        List<com.fasterxml.jackson.databind.JsonNode> steps = io.reason4j.track.MetricsLog.read(out.resolve(RlTrainer.METRICS_FILE)).stream()
                .filter(r -> r.path("phase").asText().equals("train")).toList();
        assertThat(steps).hasSize(2);
        for (var step : steps) {
            double sum = step.path("reward/accuracy/mean").asDouble() + 0.5 * step.path("reward/repetition/mean").asDouble()
                    + 2.0 * step.path("reward/overlong/mean").asDouble() + 0.25 * step.path("reward/language_consistency/mean").asDouble();
            assertThat(step.path("reward/mean").asDouble()).isCloseTo(sum, within(1e-9));
            assertThat(step.path("reward/accuracy/mean").asDouble()).isEqualTo(-1.0); // a random model never boxes the answer
            assertThat(step.path("reward/overlong/mean").asDouble()).isNegative(); // responses of 12 tokens run into the 6-token buffer
        }
    }

    @Test
    void theVerifierRunsOnceForAllTermsThatNeedItsVerdict() {
        int[] calls = {0};
        io.reason4j.reward.AnswerVerifier counting = (ref, resp, prompt) -> {
            calls[0]++;
            return MathVerifier.of(VerifierSettings.strict()).verify(ref, resp, prompt);
        };
        RlConfig c = RlConfigLoader.parseLayered("reward:\n  terms:\n    - {name: accuracy}\n    - {name: cosine_length}\n", "t.yaml");
        TermReward r = TermReward.of(p -> counting, c);
        assertThat(r.score(PROBLEM, "q", ResponseText.plain("\\boxed{5}", 10)).correct()).isTrue();
        assertThat(calls[0]).isEqualTo(1);
    }
}
