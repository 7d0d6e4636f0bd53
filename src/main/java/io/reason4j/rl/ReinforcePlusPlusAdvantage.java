package io.reason4j.rl;

/**
 * {@code reinforce_pp}: REINFORCE++ (Hu 2025): the discounted return-to-go of the token rewards,
 * {@code Â_t = Σ_{l≥0} γ^l r_{t+l}} over masked-in tokens (masked-out ones skipped, as in gae),
 * with no critic and no group baseline; whitened over the batch by default.
 */
public final class ReinforcePlusPlusAdvantage implements AdvantageEstimator {
    @Override
    public String name() {
        return "reinforce_pp";
    }

    @Override
    public boolean whitensByDefault() {
        return true;
    }

    @Override
    public Advantages estimate(AdvantageInputs in, AdvantageConfig c) {
        float[][] a = new float[in.size()][];
        for (int i = 0; i < a.length; i++) {
            float[] m = in.mask()[i];
            // the return-to-go is GAE with V = 0 and λ = 1
            a[i] = GeneralizedAdvantageEstimation.advantages(in.tokenRewards()[i], new float[m.length], m, c.gamma(), 1.0);
        }
        return new Advantages(a, null);
    }
}
