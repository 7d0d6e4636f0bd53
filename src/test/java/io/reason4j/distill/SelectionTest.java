package io.reason4j.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.data.DatasetFormatException;
import io.reason4j.data.DatasetRows;
import io.reason4j.eval.ProblemResult;
import io.reason4j.eval.SampleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** s1K-style selection on hand-made rows and pass rates: the kept set is worked out by hand. */
class SelectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path file(String name, String... lines) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    static String problem(String question, String answer, String source) {
        return "{\"prompt\": \"" + question + "\", \"answer\": \"" + answer + "\", \"data_source\": \"" + source + "\"}";
    }

    /** A result with {@code correct} of {@code n} samples right; wrong samples answer "0" and end, unless {@code failed}. */
    static ProblemResult result(String id, int correct, int n, boolean failed) {
        List<SampleResult> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean right = i < correct;
            samples.add(new SampleResult("r", failed ? null : right ? "1" : "0", right, 100 + i, 0, 0, 0, failed ? "length" : "stop"));
        }
        return ProblemResult.of(id, "test", "1", samples);
    }

    static SelectionOptions bounds(double min, double max) {
        return new SelectionOptions(min, max, 0, "data_source", 0);
    }

    @Test
    void difficultyKeepsPassRatesStrictlyBetweenTheBounds() throws Exception {
        Path data = file("train.jsonl",
                problem("q0", "1", "a"), problem("q1", "1", "a"), problem("q2", "1", "a"),
                problem("q3", "1", "a"), problem("q4", "1", "a"), problem("q5", "1", "a"), problem("q6", "1", "a"));
        Map<String, ProblemResult> results = new HashMap<>();
        int[] correct = {0, 1, 2, 3, 4, 0, 2}; // of 4: 0, .25, .5, .75, 1, then a problem whose every sample failed, then .5 again
        for (int i = 0; i < 7; i++) results.put("train.jsonl:" + (i + 1), result("train.jsonl:" + (i + 1), correct[i], 4, i == 5));
        List<DatasetRows.Row> rows = DatasetRows.read(data);

        Selection.Result band = Selection.select(rows, results, "results.jsonl", bounds(0.1, 0.9));
        assertThat(band.selected()).extracting(DatasetRows.Row::id).containsExactly("train.jsonl:2", "train.jsonl:3", "train.jsonl:4", "train.jsonl:7");
        assertThat(band.report().tooHard()).isEqualTo(1);
        assertThat(band.report().tooEasy()).isEqualTo(1);
        assertThat(band.report().quality()).isEqualTo(Map.of("every reference sample failed (no answer, or cut off)", 1));
        assertThat(band.report().notes()).containsExactly(data + ":6: every reference sample failed (no answer, or cut off)");

        // the bounds are exclusive: .25 and .75 sit on them
        assertThat(Selection.select(rows, results, "r", bounds(0.25, 0.75)).selected()).extracting(DatasetRows.Row::id)
                .containsExactly("train.jsonl:3", "train.jsonl:7");
        // s1: only what the reference never solves (a negative lower bound keeps 0), failed generations still out
        assertThat(Selection.select(rows, results, "r", bounds(-1, 0.01)).selected()).extracting(DatasetRows.Row::id).containsExactly("train.jsonl:1");
        // without results, no difficulty filter
        assertThat(Selection.select(rows, null, null, bounds(0.1, 0.9)).selected()).hasSize(7);
    }

    @Test
    void aProblemMissingFromTheResultsIsAnErrorNamingItsLine() throws Exception {
        Path data = file("train.jsonl", problem("q0", "1", "a"), problem("q1", "1", "a"), problem("q2", "1", "a"));
        Map<String, ProblemResult> results = Map.of("train.jsonl:1", result("train.jsonl:1", 1, 2, false));
        assertThatThrownBy(() -> Selection.select(DatasetRows.read(data), results, "eval/results.jsonl", bounds(0.1, 0.9)))
                .isInstanceOf(DistillException.class)
                .hasMessageStartingWith(data + ":2: problem \"train.jsonl:2\" is not in eval/results.jsonl (2 of 3 rows are not; the results hold 1 problems)");
    }

    @Test
    void distilledExamplesAreJudgedByTheirVerificationAndTheirProblemsPassRate() throws Exception {
        Path data = file("sft.jsonl",
                sft("p1", true, "stop", 10), sft("p1", true, "stop", 30),
                sft("p2", false, "stop", 10),
                sft("p3", true, "length", 10),
                "{\"id\": \"p4\", \"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}]}",
                sft("p5", true, "stop", 10));
        Map<String, ProblemResult> results = new HashMap<>();
        for (String id : List.of("p1", "p2", "p3", "p4")) results.put(id, result(id, 1, 2, false));
        results.put("p5", result("p5", 2, 2, false)); // solved by the reference: too easy
        Selection.Result r = Selection.select(DatasetRows.read(data), results, "r", bounds(0.1, 0.9));
        assertThat(r.selected()).extracting(DatasetRows.Row::location).containsExactly(data + ":1", data + ":2");
        assertThat(r.report().quality()).isEqualTo(Map.of("no verified answer (\"correct\": true)", 2, "did not end (finish length)", 1));
        assertThat(r.report().tooEasy()).isEqualTo(1);
        // written as they were
        assertThat(r.selected().getFirst().jsonLine()).isEqualTo(sft("p1", true, "stop", 10));
    }

    static String sft(String id, boolean correct, String finish, int tokens) {
        return "{\"id\": \"" + id + "\", \"data_source\": \"" + id.charAt(0) + "\", \"correct\": " + correct + ", \"finish\": \"" + finish
                + "\", \"tokens\": " + tokens + ", \"prompt\": [{\"role\": \"user\", \"content\": \"q\"}], \"completion\": \"" + "a".repeat(tokens) + "\"}";
    }

    @Test
    void diversitySamplingBalancesCategoriesWhateverTheirSizes() throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, Integer> sizes = new LinkedHashMap<>(Map.of("algebra", 400, "geometry", 20, "number theory", 20, "combinatorics", 20));
        sizes.forEach((category, size) -> {
            for (int i = 0; i < size; i++) {
                lines.add("{\"prompt\": \"" + category + " " + i + "\", \"answer\": \"1\", \"extra_info\": {\"domain\": {\"name\": \"" + category + "\"}}}");
            }
        });
        Path data = file("pool.jsonl", lines.toArray(String[]::new));
        List<DatasetRows.Row> rows = DatasetRows.read(data);
        SelectionOptions options = new SelectionOptions(0.1, 0.9, 60, "extra_info.domain.name", 11);
        Selection.Result r = Selection.select(rows, null, null, options);
        Map<String, Long> kept = r.selected().stream().collect(Collectors.groupingBy(row -> Selection.category(row, options.by()), Collectors.counting()));
        // sampling in proportion would give algebra about 52 of 60; s1's gives each category about 15
        assertThat(kept.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
        assertThat(kept).allSatisfy((category, count) -> assertThat(count).as(category).isBetween(8L, 24L));
        assertThat(r.report().categories().get("algebra")).isEqualTo(new SelectionReport.CategoryCount(400, kept.get("algebra").intValue()));
        // deterministic for a seed, and the seed matters
        assertThat(Selection.select(rows, null, null, options).selected()).isEqualTo(r.selected());
        assertThat(Selection.select(rows, null, null, new SelectionOptions(0.1, 0.9, 60, "extra_info.domain.name", 12)).selected())
                .isNotEqualTo(r.selected());
        // kept in file order
        List<Integer> lineNumbers = r.selected().stream().map(row -> Integer.parseInt(row.id().substring("pool.jsonl:".length()))).toList();
        assertThat(lineNumbers).isSorted();
    }

    @Test
    void withinACategoryLongerReasoningIsPreferred() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) lines.add(sft("x" + i, true, "stop", i + 1));
        List<DatasetRows.Row> rows = DatasetRows.read(file("sft.jsonl", lines.toArray(String[]::new)));
        Selection.Result r = Selection.select(rows, null, null, new SelectionOptions(0.1, 0.9, 10, "data_source", 3));
        // rank r is drawn with probability about 2^-(r+1): the ten picks are among the longest twenty
        assertThat(r.selected()).hasSize(10).allSatisfy(row -> assertThat(row.json().get("tokens").asInt()).isGreaterThan(80));
    }

    @Test
    void categoriesComeFromTheProblemAsRead() throws Exception {
        Path data = file("gsm8k.jsonl",
                "{\"prompt\": \"q\", \"answer\": \"1\"}",
                "{\"prompt\": \"q\", \"answer\": \"1\", \"ability\": \"math\", \"extra_info\": {\"level\": 3}}");
        List<DatasetRows.Row> rows = DatasetRows.read(data);
        assertThat(Selection.category(rows.get(0), "data_source")).isEqualTo("gsm8k"); // the file's name, as PromptDataset defaults it
        assertThat(Selection.category(rows.get(0), "extra_info.level")).isEqualTo(Selection.NONE);
        assertThat(Selection.category(rows.get(1), "extra_info.level")).isEqualTo("3");
        assertThat(Selection.category(rows.get(1), "extra_info.ability")).isEqualTo("math");
        assertThatThrownBy(() -> new SelectionOptions(0.1, 0.9, 0, "ability", 0)).hasMessageContaining("--by: expected data_source or extra_info.KEY");
        assertThatThrownBy(() -> new SelectionOptions(0.5, 0.5, 0, "data_source", 0)).hasMessageContaining("--min-pass must be below --max-pass");
    }

    @Test
    void badRowsAreErrorsNamingFileLineAndField() throws Exception {
        Path noId = file("sft.jsonl", sft("p1", true, "stop", 1), "{\"messages\": []}", "{\"completion\": \"x\", \"prompt\": \"y\", \"id\": 3}");
        assertThatThrownBy(() -> DatasetRows.read(noId)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(noId + ":2: field \"id\": expected the id of the problem the example answers (reason4j distill writes it), got nothing (the field is missing)");
        Path bad = file("train.jsonl", problem("q", "1", "a"), "{\"prompt\": \"q\"", "[1]", "{\"prompt\": \"q\"}");
        assertThatThrownBy(() -> DatasetRows.read(bad)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(bad + ":2: invalid JSON").hasMessageEndingWith("(and 2 more bad lines)");
        assertThat(JSON.readTree(sft("p", true, "stop", 2)).get("tokens").asInt()).isEqualTo(2);
    }
}
