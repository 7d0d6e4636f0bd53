package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.eval.ProblemResult;
import io.reason4j.eval.SampleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reason4j distill} and {@code reason4j select} as a user runs them: the wiring, the files, and the errors. */
class DistillCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    Path modelWithTokenizer() {
        return CommandLineTest.tinyModelWithTokenizer(dir.resolve("teacher"));
    }

    @Test
    void aRandomTeacherSamplesEveryProblemAndWritesNothingWithoutACorrectTrace() throws Exception {
        Path model = modelWithTokenizer(), out = dir.resolve("sft.jsonl"), work = dir.resolve("work");
        CommandLineTest.Result r = CommandLineTest.run("distill", "--teacher", model.toString(), "--task", "arithmetic", "--problems", "3",
                "--n", "2", "--max-tokens", "6", "--decontaminate", "task:arithmetic", "--out", out.toString(), "--work", work.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("reason4j distill: no problem has a verified-correct trace that ended, so nothing was written to " + out)
                .doesNotContain("Exception");
        assertThat(r.out()).contains("problems in", "contaminated dropped", "examples written");
        assertThat(Files.readAllLines(work.resolve("results.jsonl"))).hasSize(3); // the train split never meets the held-out set
        assertThat(JSON.readTree(work.resolve("summary.json").toFile()).get("n").asInt()).isEqualTo(2);
        assertThat(out).doesNotExist();

        CommandLineTest.Result named = CommandLineTest.run("distill", "--teacher", model.toString(), "--task", "arithmetic", "--out", dir.resolve("sft.json").toString());
        assertThat(named.exit()).isEqualTo(2);
        assertThat(named.err()).contains("--out: the SFT dataset is JSON lines; name it .jsonl");
    }

    @Test
    void selectWritesTheKeptRowsAsTheyWereAndItsReport() throws Exception {
        Path data = dir.resolve("train.jsonl");
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) rows.add("{\"prompt\": \"Question " + i + "\",  \"answer\": \"" + i + "\"}");
        Files.write(data, rows);
        Path eval = dir.resolve("eval");
        Files.createDirectories(eval);
        List<String> results = new ArrayList<>();
        int[] correct = {0, 1, 2, 1};
        for (int i = 0; i < 3; i++) {
            List<SampleResult> samples = new ArrayList<>();
            for (int j = 0; j < 2; j++) samples.add(new SampleResult("r", "" + j, j < correct[i], 5, 0, 0, 0, "stop"));
            results.add(JSON.writeValueAsString(ProblemResult.of("train.jsonl:" + (i + 1), "train", "" + i, samples)));
        }
        Files.write(eval.resolve("results.jsonl"), results);
        Path out = dir.resolve("picked.jsonl");

        CommandLineTest.Result missing = CommandLineTest.run("select", "--data", data.toString(), "--results", eval.toString(), "--out", out.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("reason4j select: " + data + ":4: problem \"train.jsonl:4\" is not in " + eval.resolve("results.jsonl"));
        assertThat(out).doesNotExist();

        Files.write(data, rows.subList(0, 3));
        CommandLineTest.Result r = CommandLineTest.run("select", "--data", data.toString(), "--results", eval.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly(rows.get(1)); // pass rates 0, .5, 1: only the middle one
        assertThat(r.out()).contains("too hard dropped", "too easy dropped");
        assertThat(JSON.readTree(dir.resolve("picked.report.json").toFile()).get("too_easy").asInt()).isEqualTo(1);

        CommandLineTest.Result noResults = CommandLineTest.run("select", "--data", data.toString(), "--min-pass", "0.2", "--out", out.toString());
        assertThat(noResults.exit()).isEqualTo(2);
        assertThat(noResults.err()).contains("--min-pass and --max-pass filter by a reference model's pass rates: give its results with --results");
    }
}
