package io.reason4j.model;

/**
 * The loss side of a training step, as the gradient of a scalar loss L with respect to what the
 * forward pass computes per token (flat index t of the {@link TokenBatch}):
 * {@code L = Σ_t a_t·log π(y_t) + e_t·H(π_t) + k_t·KL(π_t ‖ π_ref,t) + g_t·V_t} to first order.
 * Cross-entropy and SFT (a = −mask/N), policy-gradient losses (a = −advantage·ratio terms), KL
 * penalties against a reference model and entropy bonuses all reduce to these coefficients, with
 * the aggregation over tokens (methods.md, "Loss aggregation") folded into them. A token whose
 * coefficients are all zero (padding, prompt) contributes nothing.
 *
 * @param logProbCoefficients     a_t = dL/d log π(y_t); must be 0 where the token has no target
 * @param entropyCoefficients     e_t = dL/dH_t, or null for none
 * @param klCoefficients          k_t = dL/dKL_t, or null for none
 * @param referenceLogProbs       log π_ref(v | ...) for token t at {@code [t * vocab + v]}; needed where
 *                                some k_t ≠ 0, read only there; null when klCoefficients is
 * @param valueGradients          g_t = dL/dV_t for the value head, or null for none
 */
public record TokenLossGradient(float[] logProbCoefficients, float[] entropyCoefficients, float[] klCoefficients,
                                float[] referenceLogProbs, float[] valueGradients) {
    public TokenLossGradient {
        if (logProbCoefficients == null) throw new IllegalArgumentException("logProbCoefficients is required (use zeros for none)");
        int n = logProbCoefficients.length;
        requireLength("entropyCoefficients", entropyCoefficients, n);
        requireLength("klCoefficients", klCoefficients, n);
        requireLength("valueGradients", valueGradients, n);
        if ((klCoefficients == null) != (referenceLogProbs == null)) {
            throw new IllegalArgumentException("klCoefficients and referenceLogProbs come together: got "
                    + (klCoefficients == null ? "reference log-probs without coefficients" : "coefficients without reference log-probs"));
        }
        if (referenceLogProbs != null && (n == 0 || referenceLogProbs.length % n != 0)) {
            throw new IllegalArgumentException("referenceLogProbs must hold tokens × vocabulary floats, got " + referenceLogProbs.length
                    + " for " + n + " tokens");
        }
    }

    /** Only the target log-prob term: e.g. cross-entropy or a policy-gradient loss. */
    public static TokenLossGradient ofLogProbs(float[] logProbCoefficients) {
        return new TokenLossGradient(logProbCoefficients, null, null, null, null);
    }

    /** Number of tokens the coefficients cover. */
    public int size() {
        return logProbCoefficients.length;
    }

    private static void requireLength(String name, float[] a, int n) {
        if (a != null && a.length != n) {
            throw new IllegalArgumentException(name + " has " + a.length + " entries but logProbCoefficients has " + n);
        }
    }
}
