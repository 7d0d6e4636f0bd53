package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.model.DType;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.TestModels;
import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.track.MetricsLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset learns (issue 19, item 7): from a random tiny model, on a task its algorithm must be
 * able to solve, the mean reward rises by {@link #MARGIN} within {@link #STEPS} steps. The task
 * ({@link EvenTokenReward}): write characters with even code points, about half of what a random
 * policy writes, so the reward starts near 0.5 and groups are mixed.
 * Each preset keeps its algorithm (estimator, loss, aggregation, clipping, KL, critic, dynamic
 * sampling, value pretraining); only the scale is tiny (batch, length, learning rate).
 */
class PresetLearningTest {
    static final int STEPS = 30;
    static final double MARGIN = 0.4;

    @TempDir static Path dir;

    static List<String> presets() {
        return RlConfigLoader.PRESETS;
    }

    static Path model() throws Exception {
        Path base = dir.resolve("base");
        if (base.resolve("config.json").toFile().exists()) return base;
        // thirty end-of-sequence tokens: a random policy stops about once in nine tokens, so half of its responses
        // end before the 8-token limit (DAPO's and ReTool's overlong filter masks out the others)
        List<Integer> stops = java.util.stream.IntStream.range(200, 230).boxed().toList();
        ModelConfig config = new ModelConfig(io.reason4j.model.Architecture.QWEN2, TinyTokenizerFixture.VOCAB_SIZE, 32, 2, 4, 2, 8, 64, 1e-6,
                1000000.0, null, false, true, 512, null, stops);
        TestModels.write(base, DecoderWeights.initialize(config, false, 11, 0.02, Arena.ofAuto()), DType.F32, 0);
        TinyTokenizerFixture.write(base);
        return base;
    }

    /** The preset at a tiny scale: the keys below are sizes and rates, never the algorithm. */
    static RlConfig config(String preset) {
        RlConfig p = RlConfigLoader.preset(preset);
        return RlConfigLoader.parseLayered("preset: " + preset + "\n"
                + "sampling:\n  group_size: 8\n  prompts_per_step: 4\n  max_response_length: 8\n" + (p.sampling().tools().equals("none") ? "" : "  tools: none\n")
                + "training:\n  steps: " + STEPS + "\n  lr: 1.0e-2\n  mini_batch_prompts: " + (p.training().miniBatchPrompts() < p.sampling().promptsPerStep() ? 2 : 4)
                + "\n  micro_batch_rows: 16\n  warmup_steps: 0\n"
                + (p.needsCritic() ? "critic:\n  lr: 3.0e-3\n" + (p.critic().pretrainSteps() > 0 ? "  pretrain_steps: 3\n" : "") : "")
                + (p.reward().hasTerm("overlong") ? "reward:\n  terms:\n    - {name: accuracy}\n    - {name: overlong, options: {buffer: 2}}\n" : "")
                + "evaluation:\n  every: 0\ncheckpoint:\n  every: 1000\n  keep: 1\n", preset + " (learning test)");
    }

    /** Mean reward of the first and last three steps of a run. */
    record Curve(double first, double last) {}

    static Curve learn(String preset, Path out) throws Exception {
        RlConfig c = config(preset);
        OutcomeReward reward = new EvenTokenReward();
        new RlTrainer(new RlRunOptions(model(), out, c, RlTrainerTest.problems(8, 0), List.of(), reward, null, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).run();
        List<JsonNode> steps = MetricsLog.read(out.resolve(RlTrainer.METRICS_FILE)).stream().filter(r -> r.path("phase").asText().equals("train")).toList();
        assertThat(steps).hasSize(STEPS);
        double first = steps.subList(0, 3).stream().mapToDouble(s -> s.path("reward/generated_mean").asDouble()).average().orElseThrow();
        double last = steps.subList(STEPS - 3, STEPS).stream().mapToDouble(s -> s.path("reward/generated_mean").asDouble()).average().orElseThrow();
        return new Curve(first, last);
    }

    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetRaisesTheMeanRewardByTheMarginWithinTheSteps(String preset) throws Exception {
        Curve c = learn(preset, dir.resolve(preset));
        System.out.printf("preset %s: mean reward %.3f -> %.3f%n", preset, c.first(), c.last());
        assertThat(c.last() - c.first()).as("%s: mean reward of steps 1-3 %.3f, of steps %d-%d %.3f", preset, c.first(), STEPS - 2, STEPS, c.last())
                .isGreaterThanOrEqualTo(MARGIN);
    }
}
