package io.reason4j.rl;

/**
 * Token-level rewards r_{i,t} (methods.md, "Notation"): 0 everywhere except the last masked-in
 * token of each response, which carries R_i; a KL-in-reward penalty subtracts β·KL_t on every
 * masked-in token (classic PPO, Ouyang et al. 2022).
 */
public final class TokenRewards {
    private TokenRewards() {}

    /** R_i on the last token with m > 0 of each row (a row with no such token gets none). */
    public static float[][] outcome(float[][] mask, double[] scores) {
        float[][] r = new float[mask.length][];
        for (int i = 0; i < mask.length; i++) {
            r[i] = new float[mask[i].length];
            int last = lastMaskedIn(mask[i]);
            if (last >= 0) r[i][last] = (float) scores[i];
        }
        return r;
    }

    /** r_{i,t} − β·kl_{i,t} on masked-in tokens (a new array; kl as from {@link KlEstimator#values}). */
    public static float[][] withKlPenalty(float[][] rewards, float[][] kl, float[][] mask, double beta) {
        float[][] out = new float[rewards.length][];
        for (int i = 0; i < rewards.length; i++) {
            out[i] = rewards[i].clone();
            for (int t = 0; t < out[i].length; t++) if (mask[i][t] > 0) out[i][t] -= (float) (beta * kl[i][t]);
        }
        return out;
    }

    /**
     * R_i − β·Σ_t m_{i,t}·kl_{i,t}: the sum of a response's penalised token rewards, the outcome score
     * that group estimators read when KL is in the reward (verl's {@code token_level_rewards.sum(-1)}).
     */
    public static double[] withKlPenalty(double[] scores, float[][] kl, float[][] mask, double beta) {
        double[] out = scores.clone();
        for (int i = 0; i < out.length; i++) for (int t = 0; t < mask[i].length; t++) if (mask[i][t] > 0) out[i] -= beta * kl[i][t];
        return out;
    }

    /** Index of the last token with m > 0, or -1. */
    static int lastMaskedIn(float[] mask) {
        for (int t = mask.length - 1; t >= 0; t--) if (mask[t] > 0) return t;
        return -1;
    }
}
