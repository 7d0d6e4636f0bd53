package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.reason4j.rollout.RolloutFinish;
import io.reason4j.rollout.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hacking monitor's decision: training reward rising while held-out accuracy falls, both beyond
 * noise, over the last evaluations; and the per-step signals of rewarded responses.
 */
class RewardHackingMonitorTest {
    static EvaluationResult eval(long step, double accuracy) {
        return new EvaluationResult(step, accuracy, 200, 50, Map.of());
    }

    /** A monitor that saw {@code steps} steps of reward {@code start + slope · step} plus Gaussian noise of {@code noise}. */
    static RewardHackingMonitor steps(int steps, double start, double slope, double noise, long seed) {
        RewardHackingMonitor m = new RewardHackingMonitor(List.of(), 0);
        Random random = new Random(seed);
        for (int s = 1; s <= steps; s++) m.recordStep(s, start + slope * s + noise * random.nextGaussian());
        return m;
    }

    @Test
    void risingRewardAndFallingAccuracyIsSuspected() {
        RewardHackingMonitor m = steps(30, 0.2, 0.01, 0.05, 1);
        RewardHackingMonitor.Verdict v = m.check(List.of(eval(0, 0.40), eval(10, 0.38), eval(20, 0.33), eval(30, 0.25))).orElseThrow();
        assertThat(v.suspected()).isTrue();
        // The window is the last three evaluations: steps 10 to 30.
        assertThat(v.fromStep()).isEqualTo(10);
        assertThat(v.toStep()).isEqualTo(30);
        assertThat(v.rewardChange()).isCloseTo(0.2, offset(0.08));
        assertThat(v.accuracyChange()).isCloseTo(-0.13, offset(1e-12));
        assertThat(v.metrics()).containsEntry("reward/hacking_suspected", 1.0);
        assertThat(v.warning()).contains("reward hacking suspected", "steps 10-30", "0.380 to 0.250");
    }

    @Test
    void rewardAndAccuracyRisingTogetherIsLearning() {
        RewardHackingMonitor m = steps(30, 0.2, 0.01, 0.05, 2);
        assertThat(m.check(List.of(eval(0, 0.2), eval(10, 0.3), eval(20, 0.35), eval(30, 0.42))).orElseThrow().suspected()).isFalse();
    }

    @Test
    void aFlatNoisyRewardRaisesNothingEvenWhenAccuracyFalls() {
        // Accuracy falling without the reward rising is forgetting or noise, not hacking: with a flat reward
        // the slope's t exceeds 2 by chance in about 3% of windows of 20 steps.
        int suspected = 0;
        for (long seed = 0; seed < 100; seed++) {
            RewardHackingMonitor m = steps(30, 0.3, 0.0, 0.1, seed);
            if (m.check(List.of(eval(10, 0.40), eval(20, 0.35), eval(30, 0.25))).orElseThrow().suspected()) suspected++;
        }
        assertThat(suspected).isLessThanOrEqualTo(8);
        assertThat(steps(30, 0.3, 0.0, 0.0, 0).check(List.of(eval(10, 0.4), eval(30, 0.2))).orElseThrow().suspected()).isFalse();
    }

    @Test
    void anAccuracyDipWithinItsNoiseRaisesNothing() {
        // 0.40 → 0.37 on 200 responses is about 0.6 standard errors.
        RewardHackingMonitor m = steps(30, 0.2, 0.01, 0.02, 3);
        RewardHackingMonitor.Verdict v = m.check(List.of(eval(10, 0.40), eval(20, 0.39), eval(30, 0.37))).orElseThrow();
        assertThat(v.rewardT()).isGreaterThan(RewardHackingMonitor.Z);
        assertThat(v.accuracyZ()).isBetween(-RewardHackingMonitor.Z, 0.0);
        assertThat(v.suspected()).isFalse();
    }

    @Test
    void tooFewEvaluationsOrStepsSayNothing() {
        RewardHackingMonitor m = steps(2, 0.2, 0.1, 0.0, 0);
        assertThat(m.check(List.of(eval(0, 0.5)))).isEmpty();
        assertThat(m.check(List.of(eval(0, 0.5), eval(2, 0.1)))).isEmpty();
        // Before/after only (evaluation.every 0): one window over the whole run.
        assertThat(steps(20, 0.2, 0.02, 0.01, 0).check(List.of(eval(0, 0.5), eval(20, 0.2))).orElseThrow().suspected()).isTrue();
    }

    @Test
    void aResumedMonitorWatchesTheSameWindowAndAnOlderCheckpointsMissingStepsAreSkipped() {
        RewardHackingMonitor whole = steps(30, 0.2, 0.01, 0.05, 4);
        RewardHackingMonitor resumed = new RewardHackingMonitor(whole.stepRewards().subList(0, 20), 20);
        for (int s = 21; s <= 30; s++) resumed.recordStep(s, whole.stepRewards().get(s - 1));
        List<EvaluationResult> evals = List.of(eval(0, 0.4), eval(10, 0.38), eval(20, 0.33), eval(30, 0.25));
        assertThat(resumed.check(evals)).isEqualTo(whole.check(evals));
        // A checkpoint that kept no rewards: the steps before it are unknown, the later ones still count.
        RewardHackingMonitor older = new RewardHackingMonitor(List.of(), 20);
        for (int s = 21; s <= 30; s++) older.recordStep(s, whole.stepRewards().get(s - 1));
        assertThat(older.stepRewards()).hasSize(30);
        assertThat(older.check(evals)).isPresent();
    }

    static Trajectory response(int tokens) {
        return new Trajectory(0, new int[] {1}, new int[tokens], new int[tokens], new float[tokens], List.of(), RolloutFinish.STOP, 0, 0);
    }

    @Test
    void stepMetricsDescribeOnlyTheRewardedResponses() {
        List<Trajectory> responses = List.of(response(10), response(20), response(30), response(400));
        List<ScoredResponse> scores = List.of(new ScoredResponse(1, true, Map.of(), "boxed", 1),
                new ScoredResponse(1, true, Map.of(), "boxed", 3), new ScoredResponse(1, true, Map.of(), "plain_number", 0),
                new ScoredResponse(-1, false, Map.of(), "boxed", 9));
        Map<String, Double> m = RewardHackingMonitor.stepMetrics(responses, scores);
        assertThat(m).containsEntry("reward/rule/boxed", 2 / 3.0).containsEntry("reward/rule/plain_number", 1 / 3.0)
                .containsEntry("reward/rule/anchored_phrase", 0.0).containsEntry("reward/rule/none", 0.0)
                .containsEntry("reward/rewarded_length/mean", 20.0).containsEntry("reward/rewarded_length/p50", 20.0)
                .containsEntry("reward/rewarded_length/max", 30.0)
                .containsEntry("reward/rewarded_answers/mean", 4 / 3.0).containsEntry("reward/rewarded_answers/max", 3.0);
        List<ScoredResponse> none = new ArrayList<>();
        for (int i = 0; i < 4; i++) none.add(new ScoredResponse(0, false, Map.of()));
        assertThat(RewardHackingMonitor.stepMetrics(responses, none)).isEmpty();
    }
}
