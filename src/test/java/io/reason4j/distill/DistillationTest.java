package io.reason4j.distill;

import static org.assertj.core.api.Assertions.assertThat;
import io.reason4j.reward.VerifierSettings;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.data.NGramIndex;
import io.reason4j.data.PromptExample;
import io.reason4j.data.SftDataset;
import io.reason4j.data.SftExample;
import io.reason4j.data.SftReadOptions;
import io.reason4j.engine.SamplingParams;
import io.reason4j.eval.EvalSettings;
import io.reason4j.eval.Evaluation;
import io.reason4j.eval.ProblemResult;
import io.reason4j.eval.ResultsFile;
import io.reason4j.eval.SampleResult;
import io.reason4j.eval.ScriptedEngine;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.rollout.ScriptedTool;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.text.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distillation pipeline with a scripted teacher whose every answer is known: each problem is
 * made to exercise one filter, and the expected SFT lines are derived from the teacher's saved
 * samples (which are right, which ended), not from the pipeline's own bookkeeping.
 */
class DistillationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int N = 4, MAX_TOKENS = 128;
    static final String TOOL_TRACE = "Let me run it.\n<code>print(42)</code>\nSo it is \\boxed{42}.";

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    static Tokenizer tokenizer;
    static ChatTemplate template;

    /** question → (seed → response); ground truths alongside. */
    static final Map<String, LongFunction<String>> SCRIPT = new LinkedHashMap<>();
    static final List<PromptExample> PROBLEMS = new ArrayList<>();

    static void problem(String id, String question, String truth, LongFunction<String> response) {
        SCRIPT.put(question, response);
        PROBLEMS.add(new PromptExample(id, List.of(ChatMessage.user(question)), truth, "test", Map.of("topic", id.equals("tool") ? "code" : "sums")));
    }

    static {
        problem("same", "Compute 1+1 for me.", "2", seed -> "The sum is \\boxed{2}.");                    // four identical correct traces
        problem("wrong", "Compute 2+2 for me.", "4", seed -> "It is \\boxed{5}.");                         // never correct
        problem("varied", "Compute 3+3 for me.", "6", seed -> "Thinking " + seed + "x".repeat((int) Math.floorMod(seed, 20)) + " \\boxed{6}.");
        problem("contaminated", "Alice has seven apples and gives three of them to Bob; how many are left?", "4", seed -> "\\boxed{4}");
        problem("repeat", "COMPUTE 1 + 1, for me!", "2", seed -> "\\boxed{2}");                             // p "same", normalised
        problem("tool", "Compute 6*7 for me.", "42", seed -> TOOL_TRACE);
        problem("cut", "Compute 5+5 for me.", "10", seed -> "\\boxed{10} " + "and so on ".repeat(40));      // right, but longer than the limit
        problem("mixed", "Compute 4+4 for me.", "8", seed -> Math.floorMod(seed, 2) == 0 ? "Answer (" + seed + "): \\boxed{8}" : "\\boxed{9}");
    }

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(TinyTokenizerFixture.write(shared.resolve("tokenizer")));
        template = tokenizer.chatTemplate().orElseThrow();
    }

    static String script(String prompt, long seed) {
        for (Map.Entry<String, LongFunction<String>> e : SCRIPT.entrySet()) {
            if (prompt.contains(e.getKey())) return e.getValue().apply(seed);
        }
        throw new AssertionError("no script for " + prompt);
    }

    static ScriptedEngine teacher() {
        return new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, DistillationTest::script);
    }

    static EvalSettings settings() {
        SamplingParams sampling = new SamplingParams(0.6, 0.95, 0, MAX_TOKENS, 0, Set.of(TinyTokenizerFixture.IM_END), List.of());
        return new EvalSettings("scripted-teacher", "test", N, List.of(1, N), RolloutOptions.of(sampling, MAX_TOKENS), true, 7, VerifierSettings.lenient());
    }

    static NGramIndex aime() {
        NGramIndex index = new NGramIndex(8);
        index.add("aime.jsonl", "aime.jsonl:1", "Alice has seven apples and gives three of them to Bob. What fraction did she keep?");
        return index;
    }

    static DistillReport distil(ScriptedEngine teacher, DistillOptions options, Path work, Path out, int batch) {
        Evaluation evaluation = new Evaluation(teacher, tokenizer, template, Map.of(), ScriptedTool.printer(), batch, quiet());
        return new Distillation(evaluation, Map.of(), quiet()).run(PROBLEMS, settings(), aime(), options, work, true, out);
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) out.add(JSON.readTree(line));
        return out;
    }

    @Test
    void onlyVerifiedCorrectFinishedTracesAreKeptAndTheFiltersCountWhatTheyDrop() throws Exception {
        ScriptedEngine teacher = teacher();
        Path work = dir.resolve("work"), out = dir.resolve("sft.jsonl");
        DistillReport report = distil(teacher, DistillOptions.DEFAULTS, work, out, 64);

        // the repeated and the contaminated problem were never given to the teacher
        assertThat(teacher.prompts).hasSize(6 * N).noneMatch(p -> p.contains("Alice") || p.contains("COMPUTE"));
        assertThat(report.problemsIn()).isEqualTo(8);
        assertThat(report.duplicateProblems()).isEqualTo(1);
        assertThat(report.contaminated()).isEqualTo(1);
        assertThat(report.contaminatedBySource()).isEqualTo(Map.of("aime.jsonl", 1));
        assertThat(report.sampled()).isEqualTo(6);
        assertThat(report.notes()).anyMatch(n -> n.startsWith("repeat repeats same"))
                .anyMatch(n -> n.startsWith("contaminated contaminated: \"alice has seven apples and gives three of\" is in aime.jsonl aime.jsonl:1"));

        // what the teacher drew, from its saved results
        Map<String, ProblemResult> results = ResultsFile.read(work.resolve(ResultsFile.RESULTS), false);
        int mixedCorrect = results.get("mixed").correct();
        assertThat(results.get("cut").samples()).allSatisfy(s -> assertThat(s.correct() + " " + s.finish()).isEqualTo("true length"));
        assertThat(report.correctSamples()).isEqualTo(4 * N + mixedCorrect);
        assertThat(report.cutOff()).isEqualTo(N);
        assertThat(report.duplicateTraces()).isEqualTo(2 * (N - 1)); // "same" and "tool" write one text four times
        assertThat(report.notChosen()).isEqualTo((N - 1) + Math.max(0, mixedCorrect - 1));
        assertThat(report.noCorrectTrace()).isEqualTo(mixedCorrect == 0 ? 3 : 2);

        // every line: the first correct sample that ended, of a problem that has one, in problem order
        List<String> expectedIds = new ArrayList<>();
        List<String> expectedResponses = new ArrayList<>();
        for (PromptExample p : PROBLEMS) {
            ProblemResult r = results.get(p.id());
            if (r == null) continue;
            r.samples().stream().filter(s -> s.correct() && s.finish().equals("stop")).findFirst().ifPresent(s -> {
                expectedIds.add(p.id());
                expectedResponses.add(s.response());
            });
        }
        List<JsonNode> lines = lines(out);
        assertThat(lines).extracting(l -> l.get("id").asText()).containsExactlyElementsOf(expectedIds).contains("same", "varied", "tool");
        assertThat(report.examplesWritten()).isEqualTo(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode l = lines.get(i);
            assertThat(l.get("correct").asBoolean()).isTrue();
            assertThat(l.get("answer").asText()).isEqualTo(l.get("ground_truth").asText());
            if (l.has("messages")) assertThat(l.get("messages").get(1).get("content").asText()).isEqualTo(expectedResponses.get(i));
        }

        // a plain trace: the prompt's messages and the response as the assistant's message
        JsonNode same = lines.getFirst();
        assertThat(same.get("messages").toString()).isEqualTo(
                "[{\"role\":\"user\",\"content\":\"Compute 1+1 for me.\"},{\"role\":\"assistant\",\"content\":\"The sum is \\\\boxed{2}.\"}]");
        assertThat(same.get("extra_info").get("topic").asText()).isEqualTo("sums");
        // the tool trace: interpreter output as an untrained segment; the stop token ends the last one
        JsonNode tool = lines.stream().filter(l -> l.get("id").asText().equals("tool")).findFirst().orElseThrow();
        assertThat(tool.has("messages")).isFalse();
        assertThat(tool.get("completion").toString()).isEqualTo("[{\"text\":\"Let me run it.\\n<code>print(42)</code>\",\"train\":true},"
                + "{\"text\":\"<interpreter>\\n42\\n</interpreter>\\n\",\"train\":false},"
                + "{\"text\":\"\\nSo it is \\\\boxed{42}.<|im_end|>\",\"train\":true}]");
        assertThat(tool.get("tool_calls").asInt()).isEqualTo(1);
        assertThat(report.segmentExamples()).isEqualTo(1);

        // SFT reads it back: every line an example; the interpreter output is not trained, the rest of the trace is
        SftDataset sft = SftDataset.read(out, tokenizer, SftReadOptions.DEFAULTS);
        assertThat(sft.size()).isEqualTo(lines.size());
        SftExample toolExample = sft.get(expectedIds.indexOf("tool"));
        assertThat(trained(toolExample)).isEqualTo(TOOL_TRACE + "<|im_end|>");
        assertThat(tokenizer.decode(toolExample.tokens(), false)).contains("<|im_start|>assistant\nLet me run it.\n<code>print(42)</code><interpreter>\n42\n</interpreter>\n\nSo it is");
        assertThat(trained(sft.get(0))).isEqualTo("The sum is \\boxed{2}.<|im_end|>");
        assertThat(Files.exists(DistillReport.pathFor(out))).isTrue();
        assertThat(JSON.readTree(DistillReport.pathFor(out).toFile()).get("examples_written").asInt()).isEqualTo(lines.size());
    }

    /** The text of an example's trained tokens. */
    static String trained(SftExample e) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < e.length(); i++) if (e.trainable()[i]) ids.add(e.tokens()[i]);
        return tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray(), false);
    }

    @Test
    void rerunningResumesFromTheTeachersSavedSamples() throws Exception {
        Path work = dir.resolve("work"), out = dir.resolve("sft.jsonl");
        distil(teacher(), DistillOptions.DEFAULTS, work, out, 64);
        String first = Files.readString(out);

        ScriptedEngine again = teacher();
        distil(again, DistillOptions.DEFAULTS, work, out, 64);
        assertThat(again.sequences.get()).isZero();
        assertThat(Files.readString(out)).isEqualTo(first);

        // interrupted after the first engine batch (batch 8, n 4: two problems a batch): no output, and the rerun samples the rest
        ScriptedEngine failing = teacher();
        failing.failOnBatch = 1;
        Path work2 = dir.resolve("work2"), out2 = dir.resolve("sft2.jsonl");
        assertThatThrownBy(() -> distil(failing, DistillOptions.DEFAULTS, work2, out2, 8)).hasMessageContaining("interrupted");
        assertThat(out2).doesNotExist();
        ScriptedEngine resumed = teacher();
        distil(resumed, DistillOptions.DEFAULTS, work2, out2, 8);
        assertThat(resumed.sequences.get()).isEqualTo(4 * N);
        assertThat(Files.readString(out2)).isEqualTo(first);
    }

    @Test
    void maxPerProblemAndShortestChooseFromTheCorrectTraces() throws Exception {
        Path work = dir.resolve("work"), out = dir.resolve("sft.jsonl");
        distil(teacher(), new DistillOptions(2, TraceChoice.SHORTEST, PlainTraceFormat.COMPLETION), work, out, 64);
        List<SampleResult> varied = ResultsFile.read(work.resolve(ResultsFile.RESULTS), false).get("varied").samples();
        List<String> shortest = varied.stream().sorted(Comparator.comparingInt(SampleResult::tokens)).limit(2).map(SampleResult::response).toList();
        List<JsonNode> lines = lines(out);
        assertThat(lines.stream().filter(l -> l.get("id").asText().equals("varied")).map(l -> l.get("completion").asText()))
                .containsExactlyElementsOf(shortest);
        // identical traces count once: "same" keeps one line even with room for two
        assertThat(lines.stream().filter(l -> l.get("id").asText().equals("same"))).hasSize(1);
        // the completion format: prompt messages and the response as written
        JsonNode same = lines.stream().filter(l -> l.get("id").asText().equals("same")).findFirst().orElseThrow();
        assertThat(same.get("prompt").get(0).get("content").asText()).isEqualTo("Compute 1+1 for me.");
        assertThat(same.get("completion").asText()).isEqualTo("The sum is \\boxed{2}.");
        assertThat(SftDataset.read(out, tokenizer, SftReadOptions.DEFAULTS).size()).isEqualTo(lines.size());
    }

    @Test
    void nothingIsWrittenWhenNoTraceSurvivesAndNothingIsSampledWhenNoProblemDoes() {
        Path out = dir.resolve("sft.jsonl");
        ScriptedEngine wrong = new ScriptedEngine(tokenizer, TinyTokenizerFixture.IM_END, (prompt, seed) -> "\\boxed{0}");
        DistillReport report = distil(wrong, DistillOptions.DEFAULTS, dir.resolve("work"), out, 64);
        assertThat(report.examplesWritten()).isZero();
        assertThat(report.noCorrectTrace()).isEqualTo(6);
        assertThat(out).doesNotExist();
        assertThat(DistillReport.pathFor(out)).doesNotExist();

        NGramIndex everything = new NGramIndex(3);
        everything.add("all", "all:1", "compute 1 1 for me compute 2 2 for me compute 3 3 for me compute 6 7 for me compute 5 5 for me compute 4 4 for me");
        everything.add("all", "all:2", "Alice has seven apples");
        Evaluation evaluation = new Evaluation(teacher(), tokenizer, template, Map.of(), ScriptedTool.printer(), 64, quiet());
        assertThatThrownBy(() -> new Distillation(evaluation, Map.of(), quiet()).run(PROBLEMS, settings(), everything, DistillOptions.DEFAULTS,
                dir.resolve("w"), true, out)).isInstanceOf(DistillException.class)
                .hasMessageStartingWith("no problem is left to distil: of 8, 1 repeat an earlier one and 7 overlap the evaluation sets");
    }
}
