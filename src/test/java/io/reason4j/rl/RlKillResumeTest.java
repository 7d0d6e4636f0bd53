package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.data.PromptExample;
import io.reason4j.model.CheckpointStore;
import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.Verdict;
import io.reason4j.reward.VerificationResult;
import io.reason4j.tool.PythonTool;
import io.reason4j.track.MetricsLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RL resume stays exact with everything on (issue 19, item 8): a run with dynamic sampling, the
 * adaptive KL controller, the reward normaliser, value pretraining, a judge term (a local model),
 * budget forcing, a cosine schedule and the interpreter in the loop (a policy taught to call it, so
 * code really runs) is SIGKILLed in a child JVM
 * after its second checkpoint and started again: it logs the same metrics and ends with
 * bit-identical weights as a run never interrupted.
 */
class RlKillResumeTest {
    @TempDir Path dir;

    static final String RECIPE = """
            preset: vapo
            kl:
              placement: reward
              estimator: k1
              coef: 0.05
              controller: adaptive
              target: 0.01
            critic:
              lr: 1.0e-3
              pretrain_steps: 2
              pretrain_patience: 0
            reward:
              normalize: true
              terms:
                - {name: accuracy, options: {incorrect: -1.0}}
                - {name: repetition, weight: 0.1, options: {n: 1}}
                - {name: judge, weight: 0.5, options: {model: '%s', max_tokens: 3}}
            sampling:
              group_size: 4
              prompts_per_step: 2
              max_response_length: 64
              dynamic_sampling: true
              max_sampling_rounds: 3
              tools: python
              tool_format: xml
              max_output_chars: 200
            budget_forcing:
              max_thinking_tokens: 40
              answer_prompt: ' The answer is'
            sandbox:
              wall_seconds: 5.0
            training:
              steps: 6
              lr: 3.0e-3
              warmup_steps: 1
              lr_schedule: cosine
              min_lr_ratio: 0.1
              mini_batch_prompts: 1
              micro_batch_rows: 4
            evaluation:
              every: 2
            checkpoint:
              every: 1
              keep: 2
            """;

    /** Correct by the parity of the response's characters: about half right, so dynamic sampling keeps such groups. */
    static final AnswerVerifier PARITY = (reference, response, prompt) -> {
        boolean even = response.codePoints().sum() % 2 == 0;
        return new VerificationResult(even ? Verdict.EQUIVALENT : Verdict.NOT_EQUIVALENT, reference, response, null, "parity");
    };

    /** Always right: every third problem's groups are all correct, so dynamic sampling drops them and refills. */
    static final AnswerVerifier ALWAYS = (reference, response, prompt) -> new VerificationResult(Verdict.EQUIVALENT, reference, response, null, "always");

    static AnswerVerifier verifier(PromptExample p) {
        return Integer.parseInt(p.id().substring(1)) % 3 == 0 ? ALWAYS : PARITY;
    }

    /** The judge: a random tiny model beside the policy's directory. */
    static Path judge(Path policy) throws Exception {
        return TinyPolicy.write(policy.getParent().resolve("judge"), 5);
    }

    /** The child: one run of the recipe in {@code args[1]} from the model {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        train(Path.of(args[0]), Path.of(args[1]));
    }

    static void train(Path model, Path out) throws Exception {
        RlConfig c = RlConfigLoader.parseLayered(RECIPE.formatted(judge(model)), "kill-resume recipe");
        List<PromptExample> train = RlTrainerTest.problems(8, 0), eval = RlTrainerTest.problems(2, 100);
        try (TermReward reward = TermReward.of(RlKillResumeTest::verifier, c); PythonTool sandbox = c.sandbox().open(List.of())) {
            new RlTrainer(new RlRunOptions(model, out, c, train, eval, reward, sandbox, true,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).run();
        }
    }

    /** The policy: a tiny model that SFT taught to call the interpreter, so the run's rollouts really run code. */
    Path model() throws Exception {
        return io.reason4j.rollout.TrainedToolCallerTest.trainedToolCaller(dir.resolve("caller"));
    }

    static long newestCheckpoint(Path out) {
        return new CheckpointStore(out, 2).scan().stream().mapToLong(CheckpointStore.Entry::step).max().orElse(-1);
    }

    /** A metrics record without its timings (the only things two identical runs may differ in). */
    static String withoutTimings(JsonNode record) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = record.deepCopy();
        for (Iterator<String> it = copy.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.startsWith("perf/") || key.contains("wall_ms")) it.remove(); // throughput and the interpreter's wall time
        }
        copy.remove("time");
        copy.remove("wall_s");
        return copy.toString();
    }

    @Test
    void aRunKilledAfterItsSecondCheckpointResumesToTheSameMetricsAndWeights() throws Exception {
        Path model = model(), straight = dir.resolve("straight"), killed = dir.resolve("killed");
        train(model, straight);

        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), RlKillResumeTest.class.getName(), model.toString(),
                killed.toString()));
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (newestCheckpoint(killed) < 2) {
            assertThat(child.isAlive()).as("the child run ended before it could be killed").isTrue();
            assertThat(System.nanoTime()).as("no second checkpoint from the child within 120 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, a checkpoint or a metrics line may be half-written
        child.waitFor();
        assertThat(newestCheckpoint(killed)).as("killed before the end").isLessThan(6);
        train(model, killed);

        List<JsonNode> expected = MetricsLog.read(straight.resolve(RlTrainer.METRICS_FILE)), actual = MetricsLog.read(killed.resolve(RlTrainer.METRICS_FILE));
        assertThat(actual.stream().map(RlKillResumeTest::withoutTimings).toList())
                .containsExactlyElementsOf(expected.stream().map(RlKillResumeTest::withoutTimings).toList());
        assertThat(RlTrainerTest.parameters(killed.resolve(RlTrainer.MODEL_DIR))).isEqualTo(RlTrainerTest.parameters(straight.resolve(RlTrainer.MODEL_DIR)));
        // everything under test was really in play
        List<JsonNode> steps = expected.stream().filter(r -> r.path("phase").asText().equals("train")).toList();
        assertThat(expected).anyMatch(r -> r.path("phase").asText().equals("value_pretrain"));
        assertThat(steps).anyMatch(r -> r.path("sampling/filtered_groups").asDouble() > 0 && r.path("sampling/rounds").asDouble() > 1);
        assertThat(steps.stream().map(r -> r.path("actor/kl_coef").asDouble()).distinct().count()).as("β adapted").isGreaterThan(1);
        assertThat(steps).allSatisfy(r -> assertThat(r.has("reward/judge/mean")).isTrue());
        // the interpreter ran in the steps before the kill (RL at this rate soon teaches the policy other habits)
        assertThat(steps.subList(0, 2)).allSatisfy(r -> assertThat(r.path("tool/calls_per_response").asDouble()).as("the interpreter ran").isPositive());
        assertThat(steps.stream().map(r -> r.path("actor/lr").asDouble()).distinct().count()).as("the schedule moved").isGreaterThan(2);
        assertThat(Files.exists(killed.resolve("model"))).isTrue();
    }
}
