package io.reason4j.rl;

/**
 * One aggregated loss term over some rows and its per-token derivative (with respect to log π_θ,
 * the entropy or the value, as the term says), one row per response.
 */
public record TokenTerm(double loss, float[][] coefficients) {

    /** Σ over masked-in tokens of weight × value (a token-mean metric when the weights are m / tokens). */
    static double weightedSum(float[][] weights, float[][] values) {
        double sum = 0;
        for (int i = 0; i < weights.length; i++) for (int t = 0; t < weights[i].length; t++) sum += (double) weights[i][t] * values[i][t];
        return sum;
    }
}
