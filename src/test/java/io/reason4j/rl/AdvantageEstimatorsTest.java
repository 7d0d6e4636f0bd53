package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every estimator against a separate straightforward computation (GAE as the explicit double sum
 * Σ_l (γλ)^l δ_{t+l} over the masked-in tokens; group statistics by hand) on fixed inputs with
 * masked-out tokens in the middle and at the end, and a group of size 1.
 */
class AdvantageEstimatorsTest {
    // three responses: tool output in the middle of row 0, padding at the end of row 1, row 2 alone in its group
    static final float[][] MASK = {{1, 1, 0, 0, 1, 1}, {1, 1, 1, 0}, {1, 1, 1}};
    static final float[][] VALUES = {{0.5f, -0.2f, 9f, 9f, 0.3f, 0.7f}, {0.1f, 0.4f, -0.6f, 9f}, {0.2f, 0.2f, 0.2f}};
    static final double[] SCORES = {1.0, -1.0, 0.5};
    static final int[] GROUPS = {7, 7, 3};

    static AdvantageInputs inputs() {
        float[][] rewards = TokenRewards.outcome(MASK, SCORES);
        rewards[0][1] = -0.25f; // a per-token penalty on a masked-in token
        return new AdvantageInputs(MASK, rewards, SCORES, GROUPS, VALUES);
    }

    static AdvantageConfig config(String estimator, double gamma, double lambda, double criticLambda, double alpha, String whiten) {
        return new AdvantageConfig(estimator, gamma, lambda, criticLambda, alpha, "unbiased", 1e-6, whiten);
    }

    /** Â_t = Σ_{l ≥ 0} (γλ)^l δ_{t+l} over the masked-in subsequence, δ_k = r_k + γ V_{k+1} − V_k, V after the end = 0. */
    static double[] explicitGae(float[] r, float[] v, float[] m, double gamma, double lambda) {
        List<Integer> in = new ArrayList<>();
        for (int t = 0; t < m.length; t++) if (m[t] > 0) in.add(t);
        double[] a = new double[m.length];
        for (int j = 0; j < in.size(); j++) {
            double sum = 0;
            for (int l = 0; j + l < in.size(); l++) {
                int k = in.get(j + l);
                double next = j + l + 1 < in.size() ? v[in.get(j + l + 1)] : 0;
                sum += Math.pow(gamma * lambda, l) * (r[k] + gamma * next - v[k]);
            }
            a[in.get(j)] = sum;
        }
        return a;
    }

    @Test
    void gaeIsTheExplicitSumOverMaskedInTokensWithDecoupledReturns() {
        AdvantageInputs in = inputs();
        Advantages out = AdvantageEstimators.of("gae").estimate(in, config("gae", 0.9, 0.8, 1.0, 0, "never"));
        for (int i = 0; i < MASK.length; i++) {
            double[] actor = explicitGae(in.tokenRewards()[i], VALUES[i], MASK[i], 0.9, 0.8);
            double[] critic = explicitGae(in.tokenRewards()[i], VALUES[i], MASK[i], 0.9, 1.0);
            for (int t = 0; t < MASK[i].length; t++) {
                assertThat((double) out.advantages()[i][t]).as("Â[%d][%d]", i, t).isCloseTo(actor[t], within(1e-6));
                double expectedReturn = MASK[i][t] > 0 ? critic[t] + VALUES[i][t] : 0;
                assertThat((double) out.returns()[i][t]).as("R̂[%d][%d]", i, t).isCloseTo(expectedReturn, within(1e-6));
            }
        }
        // by hand, row 1 with γ = λ = 1: Â_t = R − V_t and the return is R (Monte-Carlo)
        Advantages mc = AdvantageEstimators.of("gae").estimate(in, config("gae", 1, 1, 1, 0, "never"));
        assertThat(mc.advantages()[1]).containsExactly(new float[] {-1.1f, -1.4f, -0.4f, 0f}, within(1e-6f));
        assertThat(mc.returns()[1]).containsExactly(-1f, -1f, -1f, 0f);
    }

    @Test
    void lengthAdaptiveLambdaIsClampedAndUsedPerResponse() {
        assertThat(GeneralizedAdvantageEstimation.lengthAdaptiveLambda(10, 0.05)).isZero(); // 1 − 1/0.5 = −1 → 0
        assertThat(GeneralizedAdvantageEstimation.lengthAdaptiveLambda(20, 0.05)).isZero(); // exactly 0
        assertThat(GeneralizedAdvantageEstimation.lengthAdaptiveLambda(100, 0.05)).isCloseTo(0.8, within(1e-12));
        assertThat(GeneralizedAdvantageEstimation.lengthAdaptiveLambda(4, 0.5)).isCloseTo(0.5, within(1e-12));
        AdvantageInputs in = inputs();
        Advantages out = AdvantageEstimators.of("gae").estimate(in, config("gae", 1, 0.95, 1.0, 0.5, "never"));
        // row 0 has 4 masked-in tokens → λ = 1 − 1/2 = 0.5; row 1 and 2 have 3 → λ = 1/3
        double[][] lambdas = {{0.5}, {1 / 3.0}, {1 / 3.0}};
        for (int i = 0; i < MASK.length; i++) {
            double[] expected = explicitGae(in.tokenRewards()[i], VALUES[i], MASK[i], 1, lambdas[i][0]);
            double[] critic = explicitGae(in.tokenRewards()[i], VALUES[i], MASK[i], 1, 1);
            for (int t = 0; t < MASK[i].length; t++) {
                assertThat((double) out.advantages()[i][t]).isCloseTo(expected[t], within(1e-6));
                assertThat((double) out.returns()[i][t]).isCloseTo(MASK[i][t] > 0 ? critic[t] + VALUES[i][t] : 0, within(1e-6));
            }
        }
    }

    @Test
    void grpoNormalisesWithinGroupsAndAGroupOfOneKeepsItsReward() {
        // group 7: {1, −1}: mean 0, unbiased std √2, population std 1; group 3 alone: Â = R
        Advantages unbiased = AdvantageEstimators.of("grpo").estimate(inputs(), config("grpo", 1, 1, 1, 0, "never"));
        assertThat((double) unbiased.advantages()[0][0]).isCloseTo(1 / (Math.sqrt(2) + 1e-6), within(1e-6));
        assertThat((double) unbiased.advantages()[1][2]).isCloseTo(-1 / (Math.sqrt(2) + 1e-6), within(1e-6));
        assertThat((double) unbiased.advantages()[2][1]).isCloseTo(0.5, within(1e-6));
        assertThat(unbiased.advantages()[0][2]).isZero(); // masked out
        assertThat(unbiased.advantages()[1][3]).isZero();
        assertThat(unbiased.returns()).isNull();
        AdvantageConfig population = new AdvantageConfig("grpo", 1, 1, 1, 0, "population", 1e-6, "never");
        assertThat((double) AdvantageEstimators.of("grpo").estimate(inputs(), population).advantages()[0][0]).isCloseTo(1, within(1e-5));
    }

    @Test
    void groupBaselinesAgainstExplicitLeaveOneOutMeans() {
        double[] scores = {1, 0, 0, 1, 0.25};
        int[] groups = {0, 0, 0, 0, 1};
        float[][] mask = {{1, 1}, {1, 0}, {1, 1}, {0, 1}, {1, 1}};
        AdvantageInputs in = AdvantageInputs.ofScores(mask, scores, groups, null);
        Advantages dr = AdvantageEstimators.of("dr_grpo").estimate(in, config("dr_grpo", 1, 1, 1, 0, "never"));
        Advantages rloo = AdvantageEstimators.of("rloo").estimate(in, config("rloo", 1, 1, 1, 0, "never"));
        for (int i = 0; i < scores.length; i++) {
            double others = 0;
            int n = 0;
            double all = 0;
            int g = 0;
            for (int j = 0; j < scores.length; j++) {
                if (groups[j] != groups[i]) continue;
                all += scores[j];
                g++;
                if (j != i) {
                    others += scores[j];
                    n++;
                }
            }
            double leaveOneOut = n == 0 ? scores[i] : scores[i] - others / n;
            double centred = g == 1 ? scores[i] : scores[i] - all / g;
            for (int t = 0; t < 2; t++) {
                double m = mask[i][t];
                assertThat((double) rloo.advantages()[i][t]).isCloseTo(m * leaveOneOut, within(1e-6));
                assertThat((double) dr.advantages()[i][t]).isCloseTo(m * centred, within(1e-6));
            }
        }
        assertThat(dr.advantages()[0][0]).isEqualTo(0.5f);
        assertThat(rloo.advantages()[0][0]).isEqualTo(2 / 3f);
    }

    @Test
    void reinforcePlusPlusIsTheWhitenedReturnToGo() {
        AdvantageInputs in = inputs();
        Advantages raw = AdvantageEstimators.of("reinforce_pp").estimate(in, config("reinforce_pp", 0.9, 0.5, 1, 0, "never"));
        for (int i = 0; i < MASK.length; i++) {
            double[] expected = explicitGae(in.tokenRewards()[i], new float[MASK[i].length], MASK[i], 0.9, 1);
            for (int t = 0; t < MASK[i].length; t++) assertThat((double) raw.advantages()[i][t]).isCloseTo(expected[t], within(1e-6));
        }
        // row 0 by hand: rewards (0, −0.25, ·, ·, 0, 1) → returns (0.9³ − 0.25, 0.81 − 0.25, ·, ·, 0.9, 1)
        assertThat((double) raw.advantages()[0][0]).isCloseTo(0.729 - 0.225, within(1e-6));
        Advantages whitened = AdvantageComputation.compute(in, config("reinforce_pp", 0.9, 0.5, 1, 0, "auto"));
        assertWhitened(raw.advantages(), whitened.advantages(), MASK);
    }

    @Test
    void reinforcePlusPlusBaselineIsCentredThenWhitenedOverTheBatch() {
        AdvantageInputs in = inputs();
        Advantages raw = AdvantageEstimators.of("reinforce_pp_baseline").estimate(in, config("reinforce_pp_baseline", 1, 1, 1, 0, "never"));
        assertThat(raw.advantages()[0][0]).isEqualTo(1f);
        assertThat(raw.advantages()[1][0]).isEqualTo(-1f);
        assertThat(raw.advantages()[2][0]).isEqualTo(0.5f);
        assertWhitened(raw.advantages(), AdvantageComputation.compute(in, config("reinforce_pp_baseline", 1, 1, 1, 0, "auto")).advantages(), MASK);
        // auto leaves group estimators alone; always whitens them
        assertThat(AdvantageComputation.compute(in, config("grpo", 1, 1, 1, 0, "auto")).advantages()[2][0]).isCloseTo(0.5f, within(1e-6f));
        Advantages grpoRaw = AdvantageEstimators.of("grpo").estimate(in, config("grpo", 1, 1, 1, 0, "never"));
        assertWhitened(grpoRaw.advantages(), AdvantageComputation.compute(in, config("grpo", 1, 1, 1, 0, "always")).advantages(), MASK);
    }

    /** (a − mean)/(std + ε) over the masked-in tokens of all rows, unbiased std; 0 elsewhere. */
    static void assertWhitened(float[][] raw, float[][] whitened, float[][] mask) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < mask.length; i++) for (int t = 0; t < mask[i].length; t++) if (mask[i][t] > 0) values.add((double) raw[i][t]);
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double var = values.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (values.size() - 1);
        for (int i = 0; i < mask.length; i++) {
            for (int t = 0; t < mask[i].length; t++) {
                double expected = mask[i][t] > 0 ? (raw[i][t] - mean) / (Math.sqrt(var) + 1e-6) : 0;
                assertThat((double) whitened[i][t]).as("whitened[%d][%d]", i, t).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void registryListsEveryEstimatorAndOnlyGaeNeedsACritic() {
        assertThat(AdvantageEstimators.names()).containsExactly("gae", "grpo", "dr_grpo", "rloo", "reinforce_pp", "reinforce_pp_baseline");
        for (String name : AdvantageEstimators.names()) assertThat(AdvantageEstimators.of(name).needsCritic()).isEqualTo(name.equals("gae"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdvantageEstimators.of("ppo")).hasMessageContaining("known: gae, grpo");
    }
}
