package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.model.CheckpointStore;
import io.reason4j.track.MetricsLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VC-PPO's value pretraining (methods.md): only the critic learns (the actor's weights, the reward
 * normaliser and the adaptive KL controller stay as they were), its loss falls, it is logged as its
 * own phase, and it stops early once the value loss plateaus.
 */
class ValuePretrainingTest {
    @TempDir Path dir;

    Path model() throws Exception {
        return TinyPolicy.write(dir.resolve("base"), 3);
    }

    static RlConfig config(int steps, int pretrainSteps, int patience, double criticLr, boolean normalize) {
        return RlTrainerTest.tiny("vc_ppo", steps, "critic:\n  pretrain_steps: " + pretrainSteps + "\n  pretrain_patience: " + patience
                + "\n  lr: " + criticLr + "\nkl:\n  placement: reward\n  coef: 0.1\n  controller: adaptive\n  target: 0.0001\n"
                + "reward:\n  normalize: " + normalize + "\n");
    }

    RlTrainer.Result train(Path model, Path out, RlConfig config) {
        return new RlTrainer(new RlRunOptions(model, out, config, RlTrainerTest.problems(8, 0), RlTrainerTest.problems(3, 100),
                RlTrainerTest.DIVERSITY, null, false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).run();
    }

    static List<JsonNode> phase(Path out, String phase) throws Exception {
        return MetricsLog.read(out.resolve(RlTrainer.METRICS_FILE)).stream().filter(r -> r.path("phase").asText().equals(phase)).toList();
    }

    @Test
    void onlyTheCriticLearnsAndItsLossFalls() throws Exception {
        Path model = model(), out = dir.resolve("run");
        RlTrainer.Result r = train(model, out, config(0, 8, 0, 1e-3, false));

        List<JsonNode> pre = phase(out, "value_pretrain");
        assertThat(pre).hasSize(8);
        assertThat(pre).extracting(p -> p.path("step").asLong()).containsOnly(0L);
        double first = pre.getFirst().path("critic/value_loss").asDouble(), last = pre.getLast().path("critic/value_loss").asDouble();
        assertThat(last).as("value loss after pretraining").isLessThan(first * 0.5);
        assertThat(pre).allSatisfy(p -> assertThat(p.path("critic/explained_variance").isNumber()).isTrue()); // methods.md: must be logged
        // the actor took no step: the exported policy is the starting model, bit for bit
        assertThat(RlTrainerTest.parameters(r.modelDir())).isEqualTo(RlTrainerTest.parameters(model));
        assertThat(pre).allSatisfy(p -> assertThat(p.has("actor/pg_loss")).isFalse());
    }

    @Test
    void theRewardNormaliserAndTheKlControllerStartRlAsIfThereHadBeenNoPretraining() throws Exception {
        Path model = model(), out = dir.resolve("run");
        train(model, out, config(1, 4, 0, 1e-3, true));

        JsonNode step = phase(out, "train").getFirst();
        // β enters step 1 at its configured start value although four pretraining batches measured KL ≠ target
        assertThat(step.path("actor/kl_coef").asDouble()).isEqualTo(0.1);
        JsonNode state = new CheckpointStore(out, 1).loadLatest().orElseThrow().trainerState();
        // the running reward statistics hold step 1's 8 responses only, not the pretraining rollouts'
        assertThat(state.path("reward_count").asLong()).isEqualTo(8);
        assertThat(state.path("kl_coef").asDouble()).isNotEqualTo(0.1); // and step 1 itself did adapt β
    }

    @Test
    void pretrainingStopsEarlyWhenTheValueLossPlateaus() throws Exception {
        Path out = dir.resolve("run");
        // a critic that cannot learn (lr 0): its loss on fresh rollouts only fluctuates, so it plateaus at once
        train(model(), out, config(0, 30, 2, 0, false));
        List<JsonNode> pre = phase(out, "value_pretrain");
        assertThat(pre.size()).isLessThan(30);
        assertThat(pre.getLast().path("critic/pretrain_stopped").asDouble()).isEqualTo(1.0);
        assertThat(pre.subList(0, pre.size() - 1)).allSatisfy(p -> assertThat(p.path("critic/pretrain_stopped").asDouble()).isZero());
    }

    @Test
    void thePlateauIsPatienceStepsWithoutAOnePercentImprovement() {
        ValueLossPlateau p = new ValueLossPlateau(2);
        assertThat(p.record(1.0)).isFalse();
        assertThat(p.record(0.995)).isFalse(); // 0.5% lower: not an improvement, 1 step
        assertThat(p.record(0.98)).isFalse(); // 2% lower: the new best, count reset
        assertThat(p.record(0.979)).isFalse();
        assertThat(p.record(1.5)).isTrue();
        assertThat(new ValueLossPlateau(0).record(5)).isFalse();
        ValueLossPlateau never = new ValueLossPlateau(0);
        for (int i = 0; i < 100; i++) assertThat(never.record(1.0)).isFalse();
    }
}
