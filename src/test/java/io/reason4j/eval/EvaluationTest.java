package io.reason4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import io.reason4j.reward.VerifierSettings;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reason4j.data.PromptExample;
import io.reason4j.engine.SamplingParams;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.text.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation loop with a scripted engine whose answers are right exactly when the sample's seed
 * is divisible by 3: the expected correct counts are known from the seeds alone, independently of
 * the evaluation's bookkeeping.
 */
class EvaluationTest {
    private static final Pattern QUESTION = Pattern.compile("What is (\\d+)\\+1\\?");
    static final int N = 6;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    static Tokenizer tokenizer;
    static ChatTemplate template;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(TinyTokenizerFixture.write(shared.resolve("tokenizer")));
        template = tokenizer.chatTemplate().orElseThrow();
    }

    static List<PromptExample> problems(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new PromptExample("p" + i, List.of(ChatMessage.user("What is " + i + "+1?")), Integer.toString(i + 1), "test", Map.of()))
                .toList();
    }

    static boolean right(long seed) {
        return Math.floorMod(seed, 3) == 0;
    }

    /** Right answers are the question's number plus one; wrong ones plus two; every 5th seed writes no answer. */
    static String answer(String prompt, long seed) {
        Matcher m = QUESTION.matcher(prompt);
        if (!m.find()) throw new AssertionError("no question in " + prompt);
        int x = Integer.parseInt(m.group(1));
        if (!right(seed) && Math.floorMod(seed, 5) == 0) return "I am not sure.";
        return "Thinking... so the answer is \\boxed{" + (x + (right(seed) ? 1 : 2)) + "}.";
    }

    EvalSettings settings(int n, long seed) {
        return new EvalSettings("scripted", "test", n, EvalMetrics.defaultKs(n),
                RolloutOptions.of(new SamplingParams(1.0, 1.0, 0, 64, 0, Set.of(), List.of()), 64), false, seed,
                VerifierSettings.lenient());
    }

    Evaluation evaluation(ScriptedEngine engine, int batch) {
        return new Evaluation(engine, tokenizer, template, Map.of(), null, batch, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void countsAndMetricsFollowTheSamplesDrawn() {
        List<PromptExample> set = problems(7);
        EvalReport report = evaluation(new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer), 12).run(set, settings(N, 5), dir, true);
        double avg = 0, pass2 = 0;
        for (int p = 0; p < set.size(); p++) {
            int c = 0;
            for (int j = 0; j < N; j++) if (right(Evaluation.sampleSeed(5, "p" + p, j))) c++;
            ProblemResult r = report.results().get(p);
            assertThat(r.id()).isEqualTo("p" + p);
            assertThat(r.correct()).as("problem %d", p).isEqualTo(c);
            for (int j = 0; j < N; j++) {
                long seed = Evaluation.sampleSeed(5, "p" + p, j);
                assertThat(r.samples().get(j).correct()).isEqualTo(right(seed));
                assertThat(r.samples().get(j).answer()).isEqualTo(!right(seed) && Math.floorMod(seed, 5) == 0 ? null : Integer.toString(p + (right(seed) ? 1 : 2)));
            }
            avg += c / (double) N;
            // 1 − C(N−c, 2)/C(N, 2), written out
            pass2 += 1 - (N - c) * (N - c - 1) / (double) (N * (N - 1));
        }
        assertThat(report.metrics().get("avg@6").mean()).isCloseTo(avg / set.size(), within(1e-12));
        assertThat(report.metrics().get("pass@2").mean()).isCloseTo(pass2 / set.size(), within(1e-12));
        assertThat(report.results().stream().mapToInt(ProblemResult::correct).sum()).isBetween(5, 30); // the script is not degenerate
    }

    @Test
    void anInterruptedEvaluationResumesWithoutRedoingFinishedProblems() throws Exception {
        List<PromptExample> set = problems(9);
        // batch 12 with n 6: two problems per engine batch; the third batch fails
        ScriptedEngine failing = new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer);
        failing.failOnBatch = 2;
        Path parts = dir.resolve("parts");
        assertThatThrownBy(() -> evaluation(failing, 12).run(set, settings(N, 1), parts, true)).hasMessageContaining("interrupted");
        assertThat(Files.readAllLines(parts.resolve(ResultsFile.RESULTS))).hasSize(4);
        // a line cut short by the interruption is dropped and that problem sampled again
        Files.writeString(parts.resolve(ResultsFile.RESULTS), "{\"id\":\"p4\",\"data_so", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        ScriptedEngine resumed = new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer);
        EvalReport r = evaluation(resumed, 12).run(set, settings(N, 1), parts, true);
        assertThat(resumed.sequences.get()).isEqualTo(5 * N); // only the five unfinished problems
        assertThat(r.results()).hasSize(9);

        ScriptedEngine whole = new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer);
        Path once = dir.resolve("once");
        evaluation(whole, 12).run(set, settings(N, 1), once, true);
        assertThat(Files.readString(parts.resolve(ResultsFile.RESULTS))).isEqualTo(Files.readString(once.resolve(ResultsFile.RESULTS)));

        // finished: running it again samples nothing
        ScriptedEngine again = new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer);
        evaluation(again, 12).run(set, settings(N, 1), parts, true);
        assertThat(again.sequences.get()).isZero();
    }

    @Test
    void resumingWithOtherSettingsIsRefused() {
        List<PromptExample> set = problems(2);
        evaluation(new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer), 64).run(set, settings(N, 1), dir, true);
        assertThatThrownBy(() -> evaluation(new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer), 64).run(set, settings(4, 1), dir, true))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("holds results of another evaluation (n was 6, now 4)").hasMessageContaining("--no-resume");
        // without resuming, it starts over
        EvalReport r = evaluation(new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer), 64).run(set, settings(4, 1), dir, false);
        assertThat(r.results()).allSatisfy(p -> assertThat(p.n()).isEqualTo(4));
    }

    @Test
    void chunkSizeDoesNotChangeTheSamples() throws Exception {
        List<PromptExample> set = problems(5);
        evaluation(new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer), 1).run(set, settings(3, 2), dir.resolve("a"), true);
        evaluation(new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, EvaluationTest::answer), 100).run(set, settings(3, 2), dir.resolve("b"), true);
        assertThat(Files.readString(dir.resolve("a").resolve(ResultsFile.RESULTS))).isEqualTo(Files.readString(dir.resolve("b").resolve(ResultsFile.RESULTS)));
    }

    @Test
    void aBrokenLineInsideTheResultsNamesTheFileAndLine() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ResultsFile.RESULTS), "{\"id\":\"p0\",\"samples\":[]}\nnot json\n{\"id\":\"p1\",\"samples\":[]}\n");
        assertThatThrownBy(() -> ResultsFile.read(dir.resolve(ResultsFile.RESULTS), true))
                .isInstanceOf(EvaluationException.class).hasMessageContaining(ResultsFile.RESULTS + ":2: not a per-problem result");
    }
}
