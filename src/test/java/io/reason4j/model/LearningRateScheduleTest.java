package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Expected values are transformers' lambdas (get_linear_schedule_with_warmup,
 * get_cosine_schedule_with_warmup, get_cosine_with_min_lr_schedule_with_warmup) evaluated by hand in
 * Python for warm-up 10 and 100 total steps.
 */
class LearningRateScheduleTest {
    private static final double PEAK = 3e-6;

    private static void assertMultipliers(LearningRateSchedule s, long[] steps, double[] expected) {
        for (int i = 0; i < steps.length; i++) {
            assertThat(s.multiplier(steps[i])).as("step " + steps[i]).isCloseTo(expected[i], within(1e-15));
            assertThat(s.lr(steps[i])).as("lr at step " + steps[i]).isCloseTo(PEAK * expected[i], within(1e-21));
        }
    }

    private static final long[] STEPS = {0, 1, 5, 10, 25, 55, 73, 99, 100, 150};

    @Test
    void constantIsThePeakAtEveryStep() {
        LearningRateSchedule s = LearningRateSchedule.named("constant", PEAK, 0, 0, 0);
        assertMultipliers(s, STEPS, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        assertThat(LearningRateSchedule.constant(PEAK)).isEqualTo(s);
    }

    @Test
    void constantWithWarmupRampsFromZeroThenHolds() {
        LearningRateSchedule s = LearningRateSchedule.named("constant_with_warmup", PEAK, 10, 0, 0);
        assertMultipliers(s, STEPS, new double[] {0, 0.1, 0.5, 1, 1, 1, 1, 1, 1, 1});
    }

    @Test
    void linearWarmsUpThenDecaysToZeroAndStaysThere() {
        LearningRateSchedule s = LearningRateSchedule.named("linear", PEAK, 10, 100, 0);
        assertMultipliers(s, STEPS, new double[] {0, 0.1, 0.5, 1, 0.8333333333333334, 0.5, 0.3, 0.011111111111111112, 0, 0});
    }

    @Test
    void cosineFollowsHalfACosineAfterWarmup() {
        LearningRateSchedule s = LearningRateSchedule.named("cosine", PEAK, 10, 100, 0);
        assertMultipliers(s, STEPS, new double[] {0, 0.1, 0.5, 1, 0.9330127018922194, 0.5, 0.2061073738537635,
                0.00030458649045211894, 0, 0});
    }

    @Test
    void cosineWithMinimumRatioEndsAtTheFloorAndHoldsIt() {
        LearningRateSchedule s = LearningRateSchedule.named("COSINE", PEAK, 10, 100, 0.1);
        // Past the end HF's formula would climb back up the cosine; we hold the floor (documented).
        assertMultipliers(s, STEPS, new double[] {0, 0.1, 0.5, 1, 0.9397114317029974, 0.55, 0.2854966364683872,
                0.10027412784140691, 0.1, 0.1});
    }

    @Test
    void withoutWarmupTheFirstStepUsesThePeak() {
        assertThat(LearningRateSchedule.named("linear", PEAK, 0, 100, 0).lr(0)).isEqualTo(PEAK);
        assertThat(LearningRateSchedule.named("cosine", PEAK, 0, 100, 0).lr(0)).isEqualTo(PEAK);
        assertThat(LearningRateSchedule.named("linear", PEAK, 0, 100, 0).multiplier(50)).isEqualTo(0.5);
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> LearningRateSchedule.named("cosine_with_restarts", PEAK, 0, 10, 0))
                .hasMessageContaining("unknown learning-rate schedule 'cosine_with_restarts'")
                .hasMessageContaining("constant, constant_with_warmup, linear, cosine");
        assertThatThrownBy(() -> LearningRateSchedule.named("linear", PEAK, 10, 0, 0))
                .hasMessageContaining("needs the total number of training steps");
        assertThatThrownBy(() -> LearningRateSchedule.named("constant", PEAK, 5, 0, 0))
                .hasMessageContaining("constant_with_warmup");
        assertThatThrownBy(() -> LearningRateSchedule.named("linear", PEAK, 0, 10, 0.1))
                .hasMessageContaining("only to the 'cosine' schedule");
        assertThatThrownBy(() -> LearningRateSchedule.named("cosine", PEAK, 0, 10, 1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> LearningRateSchedule.named("cosine", PEAK, 20, 10, 0)).hasMessageContaining("longer than the whole");
        assertThatThrownBy(() -> LearningRateSchedule.constant(Double.NaN)).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> LearningRateSchedule.constant(1).lr(-1)).hasMessageContaining("step must be >= 0");
    }
}
