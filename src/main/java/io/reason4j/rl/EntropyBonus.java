package io.reason4j.rl;

/**
 * The entropy bonus {@code − c_H Σ w_{i,t} H_{i,t}} (methods.md); its coefficients are the
 * entropy coefficients of {@link io.reason4j.model.TokenLossGradient}, {@code −c_H w_{i,t}}.
 */
public final class EntropyBonus {
    private EntropyBonus() {}

    public static TokenTerm of(double coef, float[][] entropies, float[][] weights) {
        float[][] coefficients = new float[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            coefficients[i] = new float[weights[i].length];
            for (int t = 0; t < weights[i].length; t++) coefficients[i][t] = (float) (-coef * weights[i][t]);
        }
        return new TokenTerm(-coef * TokenTerm.weightedSum(weights, entropies), coefficients);
    }
}
