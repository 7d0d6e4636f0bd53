package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.data.PromptExample;
import io.reason4j.model.CheckpointStore;
import io.reason4j.model.DType;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.SafetensorsReader;
import io.reason4j.model.TestModels;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.SandboxConfig;
import io.reason4j.track.MetricsLog;
import io.reason4j.track.TensorBoardEvent;
import io.reason4j.track.TensorBoardWriter;
import io.reason4j.track.TfRecords;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trainer loop end to end on a tiny random model with the byte-level test tokenizer: every
 * preset runs a few steps and logs every metric of methods.md; a stopped run resumes to the same
 * result as an uninterrupted one.
 */
class RlTrainerTest {
    @TempDir Path dir;

    /**
     * A reward that varies between responses of a random model: the share of distinct bytes; "correct"
     * by the parity of the text's byte sum, right about half the time, so that DAPO's dynamic sampling
     * keeps most groups.
     */
    static final OutcomeReward DIVERSITY = (problem, prompt, response) -> {
        String text = response.policyWords();
        double r = text.chars().distinct().count() / (double) Math.max(1, text.length());
        return new ScoredResponse(r, text.chars().sum() % 2 == 0, Map.of("diversity", r));
    };

    static List<PromptExample> problems(int n, int from) {
        return IntStream.range(from, from + n)
                .mapToObj(i -> new PromptExample("p" + i, List.of(ChatMessage.user("What is " + i + "+1?")), Integer.toString(i + 1), "test", Map.of()))
                .toList();
    }

    Path model(boolean tied) throws Exception {
        Path base = dir.resolve("base");
        ModelConfig config = TestModels.qwen2(TinyTokenizerFixture.VOCAB_SIZE, 32, 2, 4, 2, 64, tied);
        TestModels.write(base, DecoderWeights.initialize(config, false, 3, 0.02, Arena.ofAuto()), DType.F32, 0);
        TinyTokenizerFixture.write(base);
        return base;
    }

    static RlConfig tiny(String preset, int steps, String extra) {
        return tiny(preset, steps, extra, 0);
    }

    static RlConfig tiny(String preset, int steps, String extra, long seed) {
        return RlConfigLoader.parseLayered("preset: " + preset + "\n"
                + "sampling:\n  group_size: 4\n  prompts_per_step: 2\n  max_response_length: 12\n" + (preset.equals("retool") ? "  max_tool_calls: 1\n" : "")
                + "training:\n  steps: " + steps + "\n  lr: 1.0e-3\n  mini_batch_prompts: 1\n  micro_batch_rows: 3\n  ppo_epochs: 2\n  seed: " + seed + "\n"
                + "evaluation:\n  every: 1\n"
                + "checkpoint:\n  every: 1\n  keep: 1\n"
                + (preset.equals("dapo") && !extra.contains("reward:") ? "reward:\n  terms:\n    - {name: accuracy}\n    - {name: overlong, options: {buffer: 4}}\n" : "")
                + extra, preset + " (test)");
    }

    RlTrainer.Result train(Path model, Path out, RlConfig config, PythonSandbox tool, boolean resume) {
        return new RlTrainer(new RlRunOptions(model, out, config, problems(8, 0), problems(3, 100), DIVERSITY, tool, resume,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).run();
    }

    /** methods.md, "Metrics every RL step must log", by the names the trainer writes. */
    static final List<String> EVERY_STEP = List.of("reward/mean", "reward/diversity/mean", "reward/generated_mean", "train/accuracy", "response_length/mean",
            "response_length/max", "response_length/clip_ratio", "actor/entropy", "actor/pg_loss", "actor/clip_ratio/low",
            "actor/clip_ratio/high", "actor/clip_ratio/dual", "actor/approx_kl", "actor/grad_norm", "actor/lr", "advantage/mean",
            "advantage/std", "sampling/filtered_fraction", "tool/code_ratio", "tool/calls_per_response", "perf/generation_tokens_per_s",
            "perf/training_tokens_per_s", "perf/step_s", "perf/outside_model_fraction");

    static List<String> presets() {
        return RlConfigLoader.PRESETS;
    }

    @ParameterizedTest
    @MethodSource("presets")
    void eachPresetRunsAFewStepsAndLogsEveryMetric(String preset) throws Exception {
        RlConfig config = tiny(preset, 2, preset.equals("vc_ppo") || preset.equals("vapo") ? "critic:\n  pretrain_steps: 2\n" : "");
        Path out = dir.resolve("run");
        RlTrainer.Result result;
        if (config.sampling().tools().equals("python")) {
            try (PythonSandbox sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(List.of()))) {
                result = train(model(false), out, config, sandbox, false);
            }
        } else {
            result = train(model(preset.hashCode() % 2 == 0), out, config, null, false);
        }

        assertThat(result.steps()).isEqualTo(2);
        assertThat(result.evaluations()).extracting(EvaluationResult::step).containsExactly(0L, 1L, 2L);
        List<JsonNode> records = MetricsLog.read(out.resolve(RlTrainer.METRICS_FILE));
        List<JsonNode> steps = records.stream().filter(r -> r.path("phase").asText().equals("train")).toList();
        assertThat(steps).extracting(r -> r.path("step").asLong()).containsExactly(1L, 2L);
        List<String> expected = new ArrayList<>(EVERY_STEP);
        if (config.needsReference()) expected.add("actor/reference_kl");
        if (config.kl().placement().equals("loss") && config.needsReference()) expected.add("actor/kl");
        if (config.kl().placement().equals("reward") && config.needsReference()) expected.add("actor/kl_coef");
        if (config.needsCritic()) expected.addAll(List.of("critic/value_loss", "critic/explained_variance", "critic/clip_ratio", "critic/grad_norm"));
        if (config.policyLoss().positiveLmCoef() > 0) expected.add("actor/positive_lm_loss");
        for (JsonNode step : steps) {
            Set<String> logged = new java.util.HashSet<>();
            step.fieldNames().forEachRemaining(logged::add);
            assertThat(logged).as("step %d of %s", step.path("step").asLong(), preset).containsAll(expected);
            for (String k : expected) {
                if (!k.equals("critic/explained_variance")) assertThat(step.path(k).isNumber()).as(k).isTrue();
            }
            // The training forward (packed trajectories, temperature-scaled) agrees with the rollout engine's log-probs.
            assertThat(step.path("actor/behaviour_logprob_diff").asDouble()).as("behaviour log-prob difference").isLessThan(1e-4);
        }
        assertThat(records.stream().filter(r -> r.path("phase").asText().equals("eval")).count()).isEqualTo(3);
        // The hacking monitor's verdict at every evaluation; a reward that names no extraction rule is read by none.
        assertThat(records.stream().filter(r -> r.path("phase").asText().equals("eval"))).allSatisfy(r ->
                assertThat(r.path("reward/hacking_suspected").asDouble(-1)).isEqualTo(0.0));
        for (JsonNode step : steps) {
            if (step.has("reward/rule/none")) assertThat(step.path("reward/rule/none").asDouble()).isEqualTo(1.0);
        }
        if (config.critic().pretrainSteps() > 0 && config.needsCritic()) {
            assertThat(records.stream().filter(r -> r.path("phase").asText().equals("value_pretrain")).count()).isEqualTo(2);
        }
        assertThat(new CheckpointStore(out, 1).scan()).singleElement().satisfies(e -> assertThat(e.step()).isEqualTo(2));
        assertThat(result.modelDir().resolve("model.safetensors")).exists();
    }

    /** tracking.tensorboard: the run directory gets an events file with one event per metrics record (format: TensorBoardWriterTest). */
    @Test
    void withTrackingTensorboardTheRunAlsoWritesAnEventsFile() throws Exception {
        Path out = dir.resolve("run");
        train(model(false), out, tiny("grpo", 2, "tracking:\n  tensorboard: true\n"), null, false);
        List<Path> events = TensorBoardWriter.eventFiles(out);
        assertThat(events).hasSize(1);
        List<TfRecords.Record> records = TfRecords.read(Files.readAllBytes(events.getFirst())).records();
        List<JsonNode> metrics = MetricsLog.read(out.resolve(RlTrainer.METRICS_FILE));
        assertThat(records).hasSize(1 + metrics.size());
        for (int i = 0; i < metrics.size(); i++) {
            assertThat(TensorBoardEvent.step(records.get(i + 1).data())).isEqualTo(metrics.get(i).get("step").asLong());
        }
    }

    /**
     * KL in the reward with a group estimator (verl): the outcome score grpo normalises is the sum of
     * the penalised token rewards, R_i − β Σ_t kl_t, so its mean is the reward's mean less β times the
     * mean KL per response (0 at step 1, when the policy is the reference).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"grpo", "rloo", "dr_grpo", "reinforce_pp"})
    void klInTheRewardEntersTheOutcomeScoreOfGroupEstimators(String preset) throws Exception {
        Path out = dir.resolve("run");
        train(model(false), out, tiny(preset, 3, "kl:\n  placement: reward\n  estimator: k1\n  coef: 0.5\n"), null, false);
        List<JsonNode> steps = MetricsLog.read(out.resolve(RlTrainer.METRICS_FILE)).stream()
                .filter(r -> r.path("phase").asText().equals("train")).toList();
        for (JsonNode step : steps) {
            double expected = step.path("reward/mean").asDouble() - 0.5 * step.path("actor/reference_kl").asDouble();
            assertThat(step.path("reward/score_mean").asDouble()).as("step %d", step.path("step").asLong()).isCloseTo(expected, within(1e-5));
        }
        assertThat(steps.getLast().path("actor/reference_kl").asDouble()).isNotZero();
    }

    @Test
    void aStoppedRunResumesToTheSameResultAsAnUninterruptedOne() throws Exception {
        Path model = model(false);
        RlTrainer.Result whole = train(model, dir.resolve("whole"), tiny("ppo", 3, ""), null, false);
        train(model, dir.resolve("parts"), tiny("ppo", 2, ""), null, false);
        // The same run asked for one more step: it continues from checkpoint 2 (and replaces the first part's model export).
        RlTrainer.Result resumed = train(model, dir.resolve("parts"), tiny("ppo", 3, ""), null, true);

        assertThat(resumed.steps()).isEqualTo(3);
        assertThat(parameters(resumed.modelDir())).isEqualTo(parameters(whole.modelDir()));
        assertThat(resumed.evaluations()).extracting(EvaluationResult::accuracy)
                .containsExactlyElementsOf(whole.evaluations().stream().map(EvaluationResult::accuracy).toList());
        List<String> wholeRewards = rewards(dir.resolve("whole")), resumedRewards = rewards(dir.resolve("parts"));
        assertThat(resumedRewards).isEqualTo(wholeRewards).hasSize(3);
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnother() throws Exception {
        Path model = model(false);
        train(model, dir.resolve("a"), tiny("grpo", 2, ""), null, false);
        train(model, dir.resolve("b"), tiny("grpo", 2, ""), null, false);
        train(model, dir.resolve("c"), tiny("grpo", 2, "", 7), null, false);
        assertThat(rewards(dir.resolve("b"))).isEqualTo(rewards(dir.resolve("a")));
        assertThat(rewards(dir.resolve("c"))).isNotEqualTo(rewards(dir.resolve("a")));
    }

    static List<String> rewards(Path run) throws Exception {
        return MetricsLog.read(run.resolve(RlTrainer.METRICS_FILE)).stream().filter(r -> r.path("phase").asText().equals("train"))
                .map(r -> r.path("reward/mean").asText() + "/" + r.path("actor/pg_loss").asText()).collect(Collectors.toList());
    }

    static List<Float> parameters(Path modelDir) {
        ModelConfig config = ModelConfig.read(modelDir.resolve(ModelConfig.FILE_NAME));
        try (SafetensorsReader reader = SafetensorsReader.open(modelDir)) {
            float[] p = io.reason4j.model.ParameterLayout.of(config, false).copyOf(DecoderWeights.load(config, reader));
            List<Float> out = new ArrayList<>(p.length);
            for (float f : p) out.add(f);
            return out;
        }
    }
}
