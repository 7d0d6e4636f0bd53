package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.track.MetricsLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** training.lr_schedule: the rate each update used, as logged, against the schedule's formula written out here. */
class RlLearningRateTest {
    @TempDir Path dir;

    List<JsonNode> run(String schedule, String estimator) throws Exception {
        Path base = TinyPolicy.write(dir.resolve("base"), 3);
        boolean gae = estimator.equals("gae");
        RlConfig c = RlConfigLoader.parseLayered("preset: grpo\nadvantage:\n  estimator: " + estimator + "\n" + (gae ? "kl:\n  placement: none\n" : "")
                + "sampling:\n  group_size: 2\n  prompts_per_step: 2\n  max_response_length: 4\n"
                + "training:\n  steps: 6\n  lr: 0.01\n  warmup_steps: 2\n  mini_batch_prompts: 2\n  ppo_epochs: 1\n" + schedule
                + (gae ? "critic:\n  lr: 0.02\n  pretrain_steps: 2\n  pretrain_patience: 0\n" : "") + "evaluation:\n  every: 0\n", "lr.yaml");
        Path out = dir.resolve(schedule.hashCode() + estimator);
        new RlTrainer(new RlRunOptions(base, out, c, RlTrainerTest.problems(4, 0), List.of(), RlTrainerTest.DIVERSITY, null, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).run();
        return MetricsLog.read(out.resolve(RlTrainer.METRICS_FILE));
    }

    static List<Double> logged(List<JsonNode> records, String phase, String key) {
        return records.stream().filter(r -> r.path("phase").asText().equals(phase)).map(r -> r.path(key).asDouble()).toList();
    }

    @Test
    void eachScheduleGivesTheRatesOfItsFormula() throws Exception {
        // one update per step; warm-up over updates 0 and 1, then the shape over 6 updates in all
        double[] constant = {0, 0.005, 0.01, 0.01, 0.01, 0.01};
        double[] linear = new double[6], cosine = new double[6];
        for (int k = 0; k < 6; k++) {
            linear[k] = k < 2 ? 0.01 * k / 2 : 0.01 * (6 - k) / 4.0;
            double progress = Math.min(1, (k - 2) / 4.0);
            cosine[k] = k < 2 ? 0.01 * k / 2 : 0.01 * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
        assertRates(logged(run("", "grpo"), "train", "actor/lr"), constant);
        assertRates(logged(run("  lr_schedule: linear\n", "grpo"), "train", "actor/lr"), linear);
        assertRates(logged(run("  lr_schedule: cosine\n  min_lr_ratio: 0.1\n", "grpo"), "train", "actor/lr"), cosine);
    }

    @Test
    void theCriticsScheduleCountsItsValuePretrainingUpdates() throws Exception {
        List<JsonNode> r = run("  lr_schedule: linear\n", "gae");
        // 2 pretraining + 6 RL updates: warm-up over the first 2, then linear to 0 at update 8
        double[] expected = new double[8];
        for (int k = 0; k < 8; k++) expected[k] = k < 2 ? 0.02 * k / 2 : 0.02 * (8 - k) / 6.0;
        List<Double> rates = new java.util.ArrayList<>(logged(r, "value_pretrain", "critic/lr"));
        rates.addAll(logged(r, "train", "critic/lr"));
        assertRates(rates, expected);
    }

    @Test
    void aFloorWithoutCosineIsRefused() {
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("training:\n  lr_schedule: linear\n  min_lr_ratio: 0.1\n", "u.yaml"))
                .hasMessageContaining("'training.min_lr_ratio'").hasMessageContaining("only cosine");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("training:\n  lr_schedule: step\n", "u.yaml"))
                .hasMessageContaining("'training.lr_schedule'").hasMessageContaining("constant, linear, cosine");
    }

    static void assertRates(List<Double> rates, double[] expected) {
        assertThat(rates).hasSize(expected.length);
        for (int k = 0; k < expected.length; k++) assertThat(rates.get(k)).as("update %d", k).isCloseTo(expected[k], within(1e-12));
    }
}
