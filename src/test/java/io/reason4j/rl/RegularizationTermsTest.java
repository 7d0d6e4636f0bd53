package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** KL estimators and controller, entropy, value and positive-example losses, reward shaping: by hand. */
class RegularizationTermsTest {

    @Test
    void klEstimatorsByHandWithClamps() {
        double logp = -1, ref = -1.5; // x = −0.5
        assertThat(KlEstimator.K1.value(logp, ref)).isCloseTo(0.5, within(1e-12));
        assertThat(KlEstimator.K2.value(logp, ref)).isCloseTo(0.125, within(1e-12));
        assertThat(KlEstimator.K3.value(logp, ref)).isCloseTo(Math.exp(-0.5) + 0.5 - 1, within(1e-12));
        assertThat(KlEstimator.K3.value(-1, -40)).isEqualTo(10); // x clamped to −20: e^−20 + 19 → result clamped to 10
        assertThat(KlEstimator.K3.derivative(-1, -40)).isZero();
        assertThat(KlEstimator.K1.value(0, 30)).isEqualTo(-10); // x clamped to 20, −x = −20 → −10
        assertThat(KlEstimator.K3.value(0, 0)).isZero();
    }

    @ParameterizedTest
    @EnumSource(KlEstimator.class)
    void klDerivativeMatchesCentralDifferences(KlEstimator k) {
        for (double x : new double[] {-2, -0.3, 0.4, 1.7}) {
            double logp = -1.2, ref = logp + x, h = 1e-6;
            double numeric = (k.value(logp + h, ref) - k.value(logp - h, ref)) / (2 * h);
            assertThat(k.derivative(logp, ref)).as("%s at x = %s", k, x).isCloseTo(numeric, within(1e-6));
        }
    }

    @Test
    void klInLossAndInReward() {
        float[][] logp = {{-1f, -2f}}, ref = {{-1.5f, -2f}}, w = {{0.5f, 0.5f}};
        TokenTerm t = KlPenalty.inLoss(KlEstimator.K2, 0.1, logp, ref, w);
        assertThat(t.loss()).isCloseTo(0.1 * 0.5 * 0.125, within(1e-9));
        assertThat((double) t.coefficients()[0][0]).isCloseTo(0.1 * 0.5 * 0.5, within(1e-9));
        float[][] mask = {{1, 1, 0}};
        float[][] rewards = TokenRewards.outcome(mask, new double[] {1});
        assertThat(rewards[0]).containsExactly(0f, 1f, 0f);
        float[][] penalised = TokenRewards.withKlPenalty(rewards, new float[][] {{0.2f, 0.4f, 9f}}, mask, 0.5);
        assertThat(penalised[0]).containsExactly(new float[] {-0.1f, 0.8f, 0f}, within(1e-7f));
    }

    @Test
    void adaptiveControllerFollowsZieglerEtAl() {
        KlController c = KlController.adaptive(0.1, 6, 1000);
        c.update(12, 100); // error clipped to +0.2 → β · (1 + 0.2 · 0.1)
        assertThat(c.beta()).isCloseTo(0.1 * 1.02, within(1e-12));
        c.update(5.4, 100); // error −0.1 → · (1 − 0.01)
        assertThat(c.beta()).isCloseTo(0.1 * 1.02 * 0.99, within(1e-12));
        KlController fixed = KlController.fixed(0.05);
        fixed.update(100, 100);
        assertThat(fixed.beta()).isEqualTo(0.05);
    }

    @Test
    void entropyBonusAndPositiveExampleLoss() {
        float[][] w = {{0.25f, 0, 0.25f}, {0.5f}};
        TokenTerm e = EntropyBonus.of(0.01, new float[][] {{2, 9, 1}, {0.5f}}, w);
        assertThat(e.loss()).isCloseTo(-0.01 * (0.5 + 0.25 + 0.25), within(1e-9));
        assertThat(e.coefficients()[0]).containsExactly(new float[] {-0.0025f, 0, -0.0025f}, within(1e-9f));

        float[][] mask = {{1, 1, 0}, {1}, {1, 1}};
        boolean[] positive = PositiveExampleLoss.select(new double[] {1, -1, 1.5}, 1.0);
        assertThat(positive).containsExactly(true, false, true);
        double n = PositiveExampleLoss.positiveTokens(mask, positive);
        assertThat(n).isEqualTo(4);
        TokenTerm lm = PositiveExampleLoss.of(0.1, new float[][] {{-1, -2, -9}, {-3}, {-0.5f, -0.5f}}, mask, positive, n);
        assertThat(lm.loss()).isCloseTo(0.1 * 4.0 / 4, within(1e-7));
        assertThat(lm.coefficients()[0]).containsExactly(new float[] {-0.025f, -0.025f, 0f}, within(1e-8f));
        assertThat(lm.coefficients()[1]).containsExactly(0f);
    }

    @Test
    void valueLossWithClippingByHand() {
        // token 0: V 1.0, V_old 0.5, R̂ 2 → clip(V) = 0.7: ½·max(1, 1.69) = 0.845, V outside the clip range: gradient 0
        // token 1: V 0.6, V_old 0.5, R̂ 0 → clip(V) = 0.6 (inside): ½·0.36, gradient 0.6
        // token 2: V 0.0, V_old 0.5, R̂ −1 → clip(V) = 0.3: ½·max(1, 1.69) = 0.845, gradient 0 ; token 3 masked
        float[][] v = {{1.0f, 0.6f, 0.0f, 5f}}, old = {{0.5f, 0.5f, 0.5f, 0}}, ret = {{2, 0, -1, 0}}, w = {{0.25f, 0.25f, 0.25f, 0}};
        ValueLoss l = ValueLoss.of(v, old, ret, 0.2, w, w);
        assertThat(l.loss()).isCloseTo(0.25 * (0.845 + 0.18 + 0.845), within(1e-6));
        assertThat(l.valueGradients()[0]).containsExactly(new float[] {0, 0.15f, 0, 0}, within(1e-7f));
        assertThat(l.clipFraction()).isCloseTo(0.5, within(1e-9));
        ValueLoss unclipped = ValueLoss.of(v, old, ret, 0, w, w);
        assertThat(unclipped.valueGradients()[0]).containsExactly(new float[] {-0.25f, 0.15f, 0.25f, 0}, within(1e-7f));
        // explained variance: returns (2, 0, −1), residuals (1, −0.6, −1)
        double ev = ValueLoss.explainedVariance(new float[][] {{1, 0.6f, 0}}, new float[][] {{2, 0, -1}}, new float[][] {{1, 1, 1}});
        double varR = (4 + 0 + 1) / 3.0 - Math.pow(1 / 3.0, 2), mean = (1 - 0.6 - 1) / 3, varD = (1 + 0.36 + 1) / 3.0 - mean * mean;
        assertThat(ev).isCloseTo(1 - varD / varR, within(1e-6));
    }

    @Test
    void softOverlongPunishmentAndRewardOptions() {
        assertThat(new io.reason4j.reward.OverlongPunishment(128, 32).value(96)).isZero();
        assertThat(new io.reason4j.reward.OverlongPunishment(128, 32).value(112)).isEqualTo(-0.5);
        assertThat(new io.reason4j.reward.OverlongPunishment(128, 32).value(128)).isEqualTo(-1);
        assertThat(new io.reason4j.reward.OverlongPunishment(128, 32).value(129)).isEqualTo(-1);
        assertThat(RewardShaping.filteredAsOverlong(true, true)).isTrue();
        assertThat(RewardShaping.filteredAsOverlong(true, false)).isFalse();
        assertThat(RewardShaping.clip(15, 10)).isEqualTo(10);
        assertThat(RewardShaping.clip(15, 0)).isEqualTo(15);
        RunningRewardNormalizer n = new RunningRewardNormalizer();
        double[] z = n.normalize(new double[] {1, 3}, 0);
        assertThat(z).containsExactly(-1, 1);
        n.normalize(new double[] {5}, 0); // running over 1, 3, 5: mean 3, population std √(8/3)
        assertThat(n.mean()).isCloseTo(3, within(1e-12));
        assertThat(n.std()).isCloseTo(Math.sqrt(8 / 3.0), within(1e-12));
    }
}
