package io.reason4j.rl;

import java.util.Arrays;
import java.util.List;

/**
 * Sampled-token estimators of KL(π_θ ‖ π_ref) (Schulman 2020, "Approximating KL divergence"), with
 * {@code x = log π_ref(o_t) − log π_θ(o_t)} clamped to ±20 and the result clamped to [−10, 10]
 * (methods.md; only k1 can be negative). Each has its derivative with respect to log π_θ(o_t), which
 * is what the KL-in-loss term adds to the log-prob coefficients; it is 0 where a clamp bites.
 */
public enum KlEstimator {
    /** k1 = −x: unbiased, high variance, can be negative. d/d log π_θ = 1. */
    K1,
    /** k2 = ½x²: biased, low variance. d/d log π_θ = −x. */
    K2,
    /** k3 = e^x − x − 1: unbiased, low variance, ≥ 0 (GRPO). d/d log π_θ = 1 − e^x. */
    K3;

    static final double X_LIMIT = 20, VALUE_LIMIT = 10;

    public String id() {
        return name().toLowerCase();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(KlEstimator::id).toList();
    }

    public static KlEstimator of(String name) {
        for (KlEstimator k : values()) if (k.id().equals(name)) return k;
        throw new IllegalArgumentException("unknown KL estimator '" + name + "'; known: " + String.join(", ", names()));
    }

    /** The clamped estimate for one token. */
    public double value(double logProb, double referenceLogProb) {
        double x = Math.clamp(referenceLogProb - logProb, -X_LIMIT, X_LIMIT);
        return Math.clamp(raw(x), -VALUE_LIMIT, VALUE_LIMIT);
    }

    /** d value / d log π_θ for one token (0 where either clamp bites). */
    public double derivative(double logProb, double referenceLogProb) {
        double x = referenceLogProb - logProb;
        if (Math.abs(x) > X_LIMIT || Math.abs(raw(x)) > VALUE_LIMIT) return 0;
        return switch (this) {
            case K1 -> 1;
            case K2 -> -x;
            case K3 -> 1 - Math.exp(x);
        };
    }

    private double raw(double x) {
        return switch (this) {
            case K1 -> -x;
            case K2 -> 0.5 * x * x;
            case K3 -> Math.exp(x) - x - 1;
        };
    }

    /** The estimate for every token of every row (0 on masked-out tokens). */
    public float[][] values(float[][] logProbs, float[][] referenceLogProbs, float[][] mask) {
        float[][] out = new float[mask.length][];
        for (int i = 0; i < mask.length; i++) {
            out[i] = new float[mask[i].length];
            for (int t = 0; t < out[i].length; t++) if (mask[i][t] > 0) out[i][t] = (float) value(logProbs[i][t], referenceLogProbs[i][t]);
        }
        return out;
    }
}
