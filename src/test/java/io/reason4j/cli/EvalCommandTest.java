package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.server.OpenAiServer;
import io.reason4j.server.ServedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reason4j eval} through the command line: its files, resumption, sweeps and user errors. */
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    Path model() {
        return CommandLineTest.tinyModelWithTokenizer(dir.resolve("m"));
    }

    Path data() throws Exception {
        Path data = dir.resolve("problems.jsonl");
        Files.writeString(data, """
                {"prompt": [{"role": "user", "content": "hello 1+1?"}], "reward_model": {"ground_truth": "2"}, "data_source": "toy"}
                {"prompt": [{"role": "user", "content": "hello 2+2?"}], "reward_model": {"ground_truth": "4"}, "data_source": "toy"}
                {"prompt": [{"role": "user", "content": "hello 3+3?"}], "reward_model": {"ground_truth": "6"}, "data_source": "toy"}
                """);
        return data;
    }

    @Test
    void writesSummaryAndPerProblemResultsAndResumes() throws Exception {
        Path model = model(), data = data(), out = dir.resolve("eval");
        String[] args = {"eval", "--model", model.toString(), "--data", data.toString(), "--n", "2", "--temperature", "1", "--k", "1,2",
                "--max-tokens", "8", "--out", out.toString()};
        CommandLineTest.Result r = CommandLineTest.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("avg@2", "pass@2", "maj@2");
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("kind").asText()).isEqualTo("eval");
        assertThat(summary.get("problems").asInt()).isEqualTo(3);
        assertThat(summary.get("n").asInt()).isEqualTo(2);
        assertThat(summary.get("metrics").fieldNames()).toIterable().containsExactly("avg@2", "avg@2_se", "pass@1", "pass@1_se", "pass@2",
                "pass@2_se", "maj@1", "maj@1_se", "maj@2", "maj@2_se");
        assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(3);

        CommandLineTest.Result again = CommandLineTest.run(args);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 of 3 problems already done");
        assertThat(JSON.readTree(out.resolve("summary.json").toFile()).get("metrics")).isEqualTo(summary.get("metrics"));

        // The verdicts depend on the answer policy: the summary says which, and a resumption under another is refused.
        assertThat(summary.get("answer_policy").asText()).isEqualTo("lenient");
        assertThat(summary.get("float_rounding").asInt()).isEqualTo(6);
        String[] strict = java.util.Arrays.copyOf(args, args.length + 2);
        strict[args.length] = "--answer-policy";
        strict[args.length + 1] = "strict";
        CommandLineTest.Result refused = CommandLineTest.run(strict);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("answer_policy").doesNotContain("Exception");
    }

    @Test
    void aBudgetSweepEvaluatesEveryPair() throws Exception {
        Path model = model(), data = data(), out = dir.resolve("sweep");
        CommandLineTest.Result r = CommandLineTest.run("eval", "--model", model.toString(), "--data", data.toString(), "--max-tokens", "12",
                "--budgets", "0,4", "--num-extend", "0,1", "--end-of-thinking", "o", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode sweep = JSON.readTree(out.resolve("sweep.json").toFile());
        assertThat(sweep.get("kind").asText()).isEqualTo("budget_sweep");
        assertThat(sweep.get("points")).hasSize(4);
        for (JsonNode p : sweep.get("points")) {
            if (p.get("budget").asInt() == 4) {
                assertThat(p.get("mean_thinking_tokens").asDouble()).isLessThanOrEqualTo(4);
                assertThat(p.get("control").asDouble()).isEqualTo(1.0);
            }
        }
        assertThat(sweep.has("scaling")).isTrue();
        assertThat(sweep.get("performance").asDouble()).isBetween(0.0, 1.0);
        assertThat(out.resolve("budget-4-extend-1").resolve("results.jsonl")).exists();
    }

    @Test
    void userMistakesAreOneLineErrors() throws Exception {
        Path model = model(), data = data();
        CommandLineTest.Result k = CommandLineTest.run("eval", "--model", model.toString(), "--data", data.toString(), "--n", "2", "--k", "3",
                "--out", dir.resolve("e1").toString());
        assertThat(k.exit()).isEqualTo(2);
        assertThat(k.err()).contains("--k values must be in [1, n = 2], got 3").doesNotContain("Exception");

        CommandLineTest.Result preset = CommandLineTest.run("eval", "--model", model.toString(), "--data", data.toString(), "--preset", "aime",
                "--out", dir.resolve("e2").toString());
        assertThat(preset.exit()).isEqualTo(2);
        assertThat(preset.err()).contains("unknown preset 'aime'; known: aime-avg32, r1");

        CommandLineTest.Result extend = CommandLineTest.run("eval", "--model", model.toString(), "--data", data.toString(), "--num-extend", "0,2",
                "--out", dir.resolve("e3").toString());
        assertThat(extend.exit()).isEqualTo(2);
        assertThat(extend.err()).contains("--num-extend takes a list only with --budgets");

        CommandLineTest.Result missing = CommandLineTest.run("eval", "--model", model.toString(), "--data", dir.resolve("none.jsonl").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("none.jsonl").doesNotContain("Exception");

        CommandLineTest.Result option = CommandLineTest.run("eval", "--model", model.toString(), "--task", "arithmetic", "--task-option", "digits=x",
                "--out", dir.resolve("e4").toString());
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).contains("digits").doesNotContain("Exception");
    }

    @Test
    void aRemoteEndpointGivesTheLocalEnginesGreedyResults() throws Exception {
        Path model = model(), data = data();
        try (ModelDirectory served = ModelDirectory.open(model);
             OpenAiServer server = OpenAiServer.start(ServedModel.of(served, "tiny"), OpenAiServer.Options.of("127.0.0.1", 0))) {
            CommandLineTest.Result local = CommandLineTest.run("eval", "--model", model.toString(), "--data", data.toString(), "--max-tokens", "12",
                    "--out", dir.resolve("local").toString());
            assertThat(local.exit()).as(local.err()).isZero();
            CommandLineTest.Result remote = CommandLineTest.run("eval", "--endpoint", server.baseUri().toString(), "--tokenizer", model.toString(),
                    "--data", data.toString(), "--max-tokens", "12", "--out", dir.resolve("remote").toString());
            assertThat(remote.exit()).as(remote.err()).isZero();
            assertThat(Files.readString(dir.resolve("remote").resolve("results.jsonl"))).isEqualTo(Files.readString(dir.resolve("local").resolve("results.jsonl")));
        }
        CommandLineTest.Result noTokenizer = CommandLineTest.run("eval", "--endpoint", "http://127.0.0.1:1", "--data", data.toString());
        assertThat(noTokenizer.exit()).isEqualTo(2);
        assertThat(noTokenizer.err()).contains("--endpoint needs --tokenizer DIR");
        CommandLineTest.Result unreachable = CommandLineTest.run("eval", "--endpoint", "http://127.0.0.1:1", "--tokenizer", model.toString(),
                "--max-attempts", "1", "--data", data.toString());
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:1").doesNotContain("Exception");
    }
}
