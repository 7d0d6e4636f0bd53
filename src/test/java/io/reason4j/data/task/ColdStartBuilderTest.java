package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;
import io.reason4j.reward.VerifierSettings;

import io.reason4j.data.SftDataset;
import io.reason4j.data.SftExample;
import io.reason4j.data.SftFormat;
import io.reason4j.data.SftReadOptions;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.CharacterTokenizerFiles;
import io.reason4j.text.Tokenizer;
import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.SandboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cold-start pipeline end to end: real sandbox, both filters, segments JSONL read back for SFT. */
class ColdStartBuilderTest {
    private static PythonSandbox sandbox;
    private static Tokenizer tokenizer;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(List.of()));
        tokenizer = Tokenizer.load(CharacterTokenizerFiles.write(shared.resolve("tokenizer")));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        tokenizer.close();
    }

    @Test
    void keepsEveryGoodTraceAndWritesSegmentsThatSftMasksOnTheInterpreterOutput() throws IOException {
        ReasoningTask task = Tasks.create("arithmetic");
        List<TaskProblem> problems = task.problems(0, 60);
        ColdStartSet set = new ColdStartBuilder(sandbox).build(task, problems, TraceStyle.code(0.7, 1), VerifierSettings.strict());
        assertThat(set.report()).isEqualTo(new ColdStartReport("arithmetic", 60, 60, 0, 0, set.report().calls(), List.of()));
        assertThat(set.report().calls()).isBetween(60, 110);
        assertThat(set.kept()).extracting(Trace::problem).isEqualTo(problems);

        Path file = dir.resolve("cold-start.jsonl");
        set.write(file);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cold-start.jsonl"); // no temporary file left
        }
        assertThat(Files.readAllLines(file).getFirst()).startsWith("{\"id\":\"arithmetic-0\",\"prompt\":[{\"role\":\"user\",\"content\":\"Compute ");
        SftDataset data = SftDataset.read(file, tokenizer, SftReadOptions.DEFAULTS);
        assertThat(data.report().formats()).containsExactly(Map.entry(SftFormat.SEGMENTS, 60));
        for (int i = 0; i < set.kept().size(); i++) {
            assertExpectedMask(set.kept().get(i), data.get(i));
        }
    }

    /** Prompt untrained; each segment as its flag says (interpreter output untrained); the appended EOS trained. */
    private static void assertExpectedMask(Trace trace, SftExample example) {
        String prompt = tokenizer.chatTemplate().orElseThrow().render(List.of(ChatMessage.user(trace.problem().question())), true);
        List<Integer> tokens = new ArrayList<>();
        List<Boolean> trained = new ArrayList<>();
        for (int id : tokenizer.encode(prompt)) {
            tokens.add(id);
            trained.add(false);
        }
        for (TraceSegment s : trace.segments()) {
            for (int id : tokenizer.encode(s.text())) {
                tokens.add(id);
                trained.add(s.train());
            }
        }
        tokens.add(CharacterTokenizerFiles.IM_END_ID);
        trained.add(true);
        assertThat(example.tokens()).containsExactly(tokens.stream().mapToInt(Integer::intValue).toArray());
        boolean[] mask = new boolean[trained.size()];
        for (int i = 0; i < mask.length; i++) mask[i] = trained.get(i);
        assertThat(example.trainable()).as(trace.response()).containsExactly(mask);
        // The interpreter's tokens, markers included, are exactly the untrained ones after the prompt.
        String untrained = tokenizer.decode(masked(example, false, tokenizer.encode(prompt).length), false);
        assertThat(untrained).isEqualTo(String.join("", trace.segments().stream().filter(s -> !s.train()).map(TraceSegment::text).toList()));
    }

    private static int[] masked(SftExample e, boolean value, int from) {
        return java.util.stream.IntStream.range(from, e.length()).filter(i -> e.trainable()[i] == value).map(i -> e.tokens()[i]).toArray();
    }

    @Test
    void textOnlyTracesNeedNoTool() throws IOException {
        ReasoningTask task = Tasks.create("countdown");
        ColdStartSet set = new ColdStartBuilder(null).build(task, task.problems(0, 50), TraceStyle.TEXT_ONLY, VerifierSettings.strict());
        assertThat(set.report().kept()).isEqualTo(50);
        assertThat(set.report().calls()).isZero();
        Path file = dir.resolve("text.jsonl");
        set.write(file);
        SftDataset data = SftDataset.read(file, tokenizer, SftReadOptions.DEFAULTS);
        for (int i = 0; i < 50; i++) assertExpectedMask(set.kept().get(i), data.get(i));
        assertThat(Files.readAllLines(file).getFirst()).contains("\"completion\":[{\"text\":").doesNotContain("\"train\":false");
    }

    @Test
    void dropsMalformedAndWrongTracesAndSaysWhy() {
        ReasoningTask broken = new BrokenTask();
        ColdStartSet set = new ColdStartBuilder(sandbox).build(broken, broken.problems(0, 4), TraceStyle.code(1.0, 0), VerifierSettings.strict());
        ColdStartReport r = set.report();
        assertThat(r.problems()).isEqualTo(4);
        assertThat(r.kept()).isEqualTo(1);
        assertThat(r.droppedMalformed()).isEqualTo(1);
        assertThat(r.droppedWrong()).isEqualTo(2);
        assertThat(set.kept()).extracting(t -> t.problem().id()).containsExactly("broken-0");
        assertThat(r.reasons()).containsExactly(
                "broken-1 malformed: segment 1: the rollout would stop at character 25 and run code there, not where the output is",
                "broken-2 wrong: reference '1', prediction '9716': not equivalent (boxed: different values: 1 vs 9716)",
                "broken-3 wrong: step 1: the interpreter printed '4' where the calculation gives 5");
        assertThat(r.summary()).startsWith("broken: 4 traces, kept 1, dropped 1 malformed and 2 wrong; 4 code calls\n  broken-1 malformed");
    }

    /** Problem 0 is sound; 1 has a close marker inside its code; 2 a wrong reference; 3 a step whose stated value is wrong. */
    private static final class BrokenTask implements ReasoningTask {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public String description() {
            return "deliberately broken problems";
        }

        @Override
        public TaskOptions options() {
            return new TaskOptions("broken", Map.of());
        }

        @Override
        public TaskProblem problem(long seed) {
            CalculationStep step = switch ((int) seed) {
                case 1 -> new CalculationStep("print(len('</code>'))", "len('</code>')", "7");
                case 3 -> CalculationStep.printing("2+2", "2+2", 5);
                default -> CalculationStep.printing("347*28", "347*28", 9716);
            };
            String reference = switch ((int) seed) {
                case 1 -> "7";
                case 2 -> "1";
                case 3 -> "5";
                default -> "9716";
            };
            return new TaskProblem("broken-" + seed, "broken", seed, "Q" + seed, reference, List.of(step), "{0}", Map.of());
        }
    }

    @Test
    void everyTraceOfEveryTaskRoundTripsThroughTheCharacterTokenizerWithMarkersAsSingleTokens() {
        ColdStartBuilder builder = new ColdStartBuilder(sandbox);
        int code = CharacterTokenizerFiles.FIRST_MARKER_ID, codeEnd = code + 1, out = code + 2, outEnd = code + 3;
        for (String name : Tasks.names()) {
            for (Map<String, Object> options : TraceRendererTest.variants(name)) {
                ReasoningTask task = Tasks.create(name, options);
                List<TaskProblem> problems = task.problems(1000, 40);
                for (TraceStyle style : List.of(TraceStyle.TEXT_ONLY, TraceStyle.code(1.0, 0), TraceStyle.code(0.5, 0))) {
                    ColdStartSet set = builder.build(task, problems, style, VerifierSettings.strict());
                    assertThat(set.report().kept()).as(set.report().summary()).isEqualTo(problems.size());
                    for (Trace t : set.kept()) {
                        String text = tokenizer.chatTemplate().orElseThrow().render(
                                List.of(ChatMessage.user(t.problem().question()), ChatMessage.assistant(t.response())), false);
                        int[] ids = tokenizer.encode(text);
                        assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
                        assertThat(ids).doesNotContain(CharacterTokenizerFiles.UNK_ID);
                        int calls = t.calls().size();
                        assertThat(Arrays.stream(ids).filter(id -> id == code).count()).isEqualTo(calls);
                        assertThat(Arrays.stream(ids).filter(id -> id == codeEnd).count()).isEqualTo(calls);
                        assertThat(Arrays.stream(ids).filter(id -> id == out).count()).isEqualTo(calls);
                        assertThat(Arrays.stream(ids).filter(id -> id == outEnd).count()).isEqualTo(calls);
                    }
                }
            }
        }
    }
}
