package io.reason4j.rl;

/**
 * KL in the loss (GRPO, Shao et al. 2024): {@code + β Σ w_{i,t} k(log π_θ, log π_ref)} with the
 * loss's aggregation weights; the coefficient of log π_θ(o_{i,t}) is {@code β w_{i,t} dk/d log π_θ}.
 * (KL in the reward instead goes through {@link TokenRewards#withKlPenalty}.)
 */
public final class KlPenalty {
    private KlPenalty() {}

    public static TokenTerm inLoss(KlEstimator estimator, double beta, float[][] logProbs, float[][] referenceLogProbs, float[][] weights) {
        float[][] coefficients = new float[weights.length][];
        double loss = 0;
        for (int i = 0; i < weights.length; i++) {
            coefficients[i] = new float[weights[i].length];
            for (int t = 0; t < weights[i].length; t++) {
                double w = weights[i][t];
                if (w == 0) continue;
                loss += beta * w * estimator.value(logProbs[i][t], referenceLogProbs[i][t]);
                coefficients[i][t] = (float) (beta * w * estimator.derivative(logProbs[i][t], referenceLogProbs[i][t]));
            }
        }
        return new TokenTerm(loss, coefficients);
    }
}
