package io.reason4j.rl;

/**
 * VAPO's positive-example LM loss (self-imitation, Yue et al. 2025): {@code μ · NLL} averaged over
 * the masked-in tokens of the responses whose reward is at least the threshold (the correct ones):
 * {@code L = −μ Σ_{i positive, t} m log π_θ / N_pos}, N_pos the positive tokens of the whole
 * mini-batch ({@link #positiveTokens}), so micro-batches add up.
 */
public final class PositiveExampleLoss {
    private PositiveExampleLoss() {}

    /** Which responses are positive examples: R_i ≥ threshold. */
    public static boolean[] select(double[] scores, double threshold) {
        boolean[] positive = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) positive[i] = scores[i] >= threshold;
        return positive;
    }

    /** Σ m over the positive responses (count it over the whole mini-batch). */
    public static double positiveTokens(float[][] mask, boolean[] positive) {
        double n = 0;
        for (int i = 0; i < mask.length; i++) if (positive[i]) for (float m : mask[i]) n += m;
        return n;
    }

    public static TokenTerm of(double mu, float[][] logProbs, float[][] mask, boolean[] positive, double globalPositiveTokens) {
        float[][] coefficients = new float[mask.length][];
        double loss = 0;
        for (int i = 0; i < mask.length; i++) {
            coefficients[i] = new float[mask[i].length];
            if (!positive[i] || globalPositiveTokens <= 0) continue;
            for (int t = 0; t < mask[i].length; t++) {
                double w = mu * mask[i][t] / globalPositiveTokens;
                loss -= w * logProbs[i][t];
                coefficients[i][t] = (float) -w;
            }
        }
        return new TokenTerm(loss, coefficients);
    }
}
