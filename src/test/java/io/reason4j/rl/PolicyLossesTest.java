package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Policy losses, aggregation and the extra terms against values worked out by hand or by a plain second implementation. */
class PolicyLossesTest {
    static final double LN = Math.log(1.5); // ratio 1.5

    /** One token each of: Â>0 ρ=1.5 (clip high bites), Â>0 ρ=1.1, Â<0 ρ=0.5 (clip low bites), Â<0 ρ=5 (dual bites), masked. */
    static PolicyLossInputs fiveTokens() {
        float[][] logp = {{(float) (-1 + LN), (float) (-1 + Math.log(1.1)), (float) (-1 + Math.log(0.5)), (float) (-1 + Math.log(5)), -3f}};
        float[][] old = {{-1, -1, -1, -1, -1}};
        float[][] adv = {{2, 1, -1, -0.5f, 7}};
        float[][] mask = {{1, 1, 1, 1, 0}};
        return new PolicyLossInputs(logp, old, adv, mask);
    }

    @Test
    void ppoClipByHandWithClipHigherAndDualClip() {
        PolicyLossInputs in = fiveTokens();
        PolicyLossConfig c = PolicyLossConfig.clip("ppo_clip", 0.2, 0.28, 3.0, "token-mean");
        float[][] w = LossAggregation.TOKEN_MEAN.weights(in.mask(), GlobalCounts.of(in.mask(), 10));
        PolicyLossResult r = PolicyLosses.of("ppo_clip").compute(in, w, w, c);
        // per token: max(−Âρ, −Â clip(ρ, 0.8, 1.28)); dual: min(·, −Â·3) for Â<0
        double l0 = -2 * 1.28, l1 = -1 * 1.1, l2 = 1 * 0.8, l3 = 0.5 * 3; // token 3: max(2.5, 0.5*1.28) = 2.5 → capped at 1.5
        assertThat(r.loss()).isCloseTo((l0 + l1 + l2 + l3) / 4, within(1e-6));
        // gradient: −Âρ·w where unclipped, else 0
        assertThat(r.coefficients()[0]).containsExactly(new float[] {0, (float) (-1.1 / 4), 0, 0, 0}, within(1e-6f));
        assertThat(r.clipHigh()).isCloseTo(0.25, within(1e-9));
        assertThat(r.clipLow()).isCloseTo(0.25, within(1e-9));
        assertThat(r.clipDual()).isCloseTo(0.25, within(1e-9));
        double kl = Arrays.stream(new double[] {1.5, 1.1, 0.5, 5}).map(x -> x - 1 - Math.log(x)).sum() / 4;
        assertThat(r.approxKl()).isCloseTo(kl, within(1e-6));
        // without dual-clip token 3 keeps its unclipped loss −Âρ = 2.5 and its gradient −Âρ = 2.5
        PolicyLossResult noDual = PolicyLosses.of("ppo_clip").compute(in, w, w, PolicyLossConfig.clip("ppo_clip", 0.2, 0.28, 0, "token-mean"));
        assertThat(noDual.loss()).isCloseTo((l0 + l1 + l2 + 2.5) / 4, within(1e-6));
        assertThat((double) noDual.coefficients()[0][3]).isCloseTo(2.5 / 4, within(1e-6));
        assertThat(noDual.clipDual()).isZero();
    }

    @Test
    void logRatioIsClampedAtTwentyWithNoGradientBeyond() {
        PolicyLossInputs in = new PolicyLossInputs(new float[][] {{0f}}, new float[][] {{-30f}}, new float[][] {{-1f}}, new float[][] {{1f}});
        float[][] w = {{1f}};
        PolicyLossResult r = PolicyLosses.of("ppo_clip").compute(in, w, w, PolicyLossConfig.clip("ppo_clip", 0.2, 0.2, 0, "token-mean"));
        assertThat(r.loss()).isCloseTo(Math.exp(20), within(1e-6 * Math.exp(20)));
        assertThat(r.coefficients()[0][0]).isZero();
        assertThat(Double.isFinite(r.approxKl())).isTrue();
    }

    @Test
    void gspoUsesOneRatioPerResponseAndSharesItsGradient() {
        // row 0: log-ratios 0.1, 0.3 (mean 0.2 → s = e^0.2 ≈ 1.2214 > 1.2 clips for Â>0); row 1: −0.1, masked, 0.0 → s = e^−0.05
        float[][] old = {{-1, -2}, {-1, -1, -1}};
        float[][] logp = {{-0.9f, -1.7f}, {-1.1f, -5f, -1f}};
        float[][] adv = {{1, 1}, {-2, -2, -2}};
        float[][] mask = {{1, 1}, {1, 0, 1}};
        PolicyLossInputs in = new PolicyLossInputs(logp, old, adv, mask);
        float[][] w = LossAggregation.SEQ_MEAN_TOKEN_MEAN.weights(mask, GlobalCounts.of(mask, 8));
        float[][] tw = LossAggregation.TOKEN_MEAN.weights(mask, GlobalCounts.of(mask, 8));
        PolicyLossResult r = PolicyLosses.of("gspo").compute(in, w, tw, PolicyLossConfig.clip("gspo", 0.2, 0.2, 0, "seq-mean-token-mean"));
        double s0 = Math.exp((0.1 + 0.3) / 2), s1 = Math.exp(-0.1 / 2);
        assertThat(r.loss()).isCloseTo((-1.2 + 2 * s1) / 2, within(1e-5));
        assertThat(r.coefficients()[0]).containsExactly(new float[] {0, 0}, within(1e-7f)); // clipped above
        // row 1: d/d logπ_t of ½ · (−Â s1) = ½ · 2 s1 · 1/2 for each of its two tokens
        assertThat((double) r.coefficients()[1][0]).isCloseTo(s1 / 2, within(1e-6));
        assertThat(r.coefficients()[1][1]).isZero();
        assertThat((double) r.coefficients()[1][2]).isCloseTo(s1 / 2, within(1e-6));
        assertThat(r.clipHigh()).isCloseTo(0.5, within(1e-9)); // 2 of 4 tokens
        assertThat(s0).isGreaterThan(1.2);
    }

    @Test
    void reinforceIsMinusAdvantageTimesLogProb() {
        float[][] mask = {{1, 0, 1}};
        PolicyLossInputs in = new PolicyLossInputs(new float[][] {{-0.5f, -9f, -2f}}, new float[][] {{-0.5f, -9f, -2f}},
                new float[][] {{2, 5, -1}}, mask);
        float[][] w = LossAggregation.SEQ_MEAN_TOKEN_SUM.weights(mask, GlobalCounts.of(mask, 8));
        PolicyLossResult r = PolicyLosses.of("reinforce").compute(in, w, w, PolicyLossConfig.clip("reinforce", 0.2, 0.2, 0, "seq-mean-token-sum"));
        assertThat(r.loss()).isCloseTo(-(2 * -0.5) - (-1 * -2), within(1e-6));
        assertThat(r.coefficients()[0]).containsExactly(-2f, 0f, 1f);
        assertThat(r.approxKl()).isZero();
    }

    @Test
    void aggregationWeightsByHand() {
        float[][] mask = {{1, 1, 0, 1}, {1, 0}, {0, 0, 0}};
        GlobalCounts counts = GlobalCounts.of(mask, 10);
        assertThat(counts).isEqualTo(new GlobalCounts(4, 2, 10));
        assertThat(LossAggregation.TOKEN_MEAN.weights(mask, counts)[0]).containsExactly(0.25f, 0.25f, 0f, 0.25f);
        assertThat(LossAggregation.SEQ_MEAN_TOKEN_MEAN.weights(mask, counts)[0]).containsExactly(new float[] {1 / 6f, 1 / 6f, 0, 1 / 6f}, within(1e-7f));
        assertThat(LossAggregation.SEQ_MEAN_TOKEN_MEAN.weights(mask, counts)[1]).containsExactly(0.5f, 0f);
        assertThat(LossAggregation.SEQ_MEAN_TOKEN_SUM.weights(mask, counts)[0]).containsExactly(0.5f, 0.5f, 0f, 0.5f);
        assertThat(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM.weights(mask, counts)[1]).containsExactly(0.05f, 0f);
        assertThat(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM.weights(mask, counts)[2]).containsExactly(0f, 0f, 0f);
    }

    /** The loss of every mode on a fixed per-token loss matrix, computed straight from methods.md's formulas. */
    @ParameterizedTest
    @EnumSource(LossAggregation.class)
    void aggregatedLossMatchesTheFormula(LossAggregation mode) {
        float[][] mask = {{1, 1, 0, 1}, {1, 0}, {1, 1, 1}};
        double[][] loss = {{1, 2, 100, 3}, {4, 100}, {5, 6, 7}};
        double expected = switch (mode) {
            case TOKEN_MEAN -> 28.0 / 7;
            case SEQ_MEAN_TOKEN_MEAN -> (6.0 / 3 + 4.0 + 18.0 / 3) / 3;
            case SEQ_MEAN_TOKEN_SUM -> (6.0 + 4 + 18) / 3;
            case SEQ_MEAN_TOKEN_SUM_NORM -> 28.0 / (3 * 16);
        };
        float[][] w = mode.weights(mask, GlobalCounts.of(mask, 16));
        double actual = 0;
        for (int i = 0; i < 3; i++) for (int t = 0; t < mask[i].length; t++) actual += w[i][t] * loss[i][t];
        assertThat(actual).isCloseTo(expected, within(1e-6));
    }

    /** Splitting the rows into micro-batches with the mini-batch's global counts gives the same loss, coefficients and metrics. */
    @ParameterizedTest
    @ValueSource(strings = {"ppo_clip", "gspo", "reinforce"})
    void microBatchesAddUpToTheMiniBatchUnderEveryMode(String lossName) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        int rows = 6;
        float[][] logp = new float[rows][], old = new float[rows][], adv = new float[rows][], mask = new float[rows][];
        for (int i = 0; i < rows; i++) {
            int n = 2 + random.nextInt(5);
            logp[i] = new float[n];
            old[i] = new float[n];
            adv[i] = new float[n];
            mask[i] = new float[n];
            for (int t = 0; t < n; t++) {
                old[i][t] = (float) -random.nextDouble(0.1, 3);
                logp[i][t] = old[i][t] + (float) random.nextDouble(-0.4, 0.4);
                adv[i][t] = (float) random.nextDouble(-2, 2);
                mask[i][t] = random.nextInt(4) == 0 ? 0 : 1;
            }
        }
        mask[5] = new float[mask[5].length]; // a wholly masked response counts nowhere
        PolicyLossInputs whole = new PolicyLossInputs(logp, old, adv, mask);
        for (LossAggregation mode : LossAggregation.values()) {
            PolicyLossConfig c = PolicyLossConfig.clip(lossName, 0.2, 0.28, 3, mode.id());
            GlobalCounts counts = GlobalCounts.of(mask, 12);
            PolicyLossResult big = PolicyLosses.of(lossName).compute(whole, mode.weights(mask, counts),
                    LossAggregation.TOKEN_MEAN.weights(mask, counts), c);
            double loss = 0, low = 0, high = 0, kl = 0;
            for (int[] part : new int[][] {{0, 2}, {2, 5}, {5, 6}}) {
                PolicyLossInputs micro = new PolicyLossInputs(Arrays.copyOfRange(logp, part[0], part[1]), Arrays.copyOfRange(old, part[0], part[1]),
                        Arrays.copyOfRange(adv, part[0], part[1]), Arrays.copyOfRange(mask, part[0], part[1]));
                PolicyLossResult r = PolicyLosses.of(lossName).compute(micro, mode.weights(micro.mask(), counts),
                        LossAggregation.TOKEN_MEAN.weights(micro.mask(), counts), c);
                loss += r.loss();
                low += r.clipLow();
                high += r.clipHigh();
                kl += r.approxKl();
                for (int i = part[0]; i < part[1]; i++) {
                    assertThat(r.coefficients()[i - part[0]]).as("%s %s row %d", lossName, mode, i)
                            .containsExactly(big.coefficients()[i], within(1e-7f));
                }
            }
            assertThat(loss).as("%s %s", lossName, mode).isCloseTo(big.loss(), within(1e-6));
            assertThat(low).isCloseTo(big.clipLow(), within(1e-9));
            assertThat(high).isCloseTo(big.clipHigh(), within(1e-9));
            assertThat(kl).isCloseTo(big.approxKl(), within(1e-9));
        }
    }
}
