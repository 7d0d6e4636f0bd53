package io.reason4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Numerically stable log-softmax over the vocabulary: for one row at a time (scoring), and for
 * training in column layout {@code z[v * ld + t]} with the vector lanes over tokens, together with
 * the entropy of each token's distribution and the backward pass of a loss built from the target's
 * log-prob, the entropy and the KL divergence to a reference distribution.
 */
public final class LogSoftmax {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Vocabulary entries summed in float before being added to the running total (two-level summation). */
    private static final int CHUNK = 256;

    private LogSoftmax() {}

    /** Writes log-softmax of x[off, off+n) into out[outOff, ...); returns the log-sum-exp. */
    public static double forward(float[] x, int off, int n, double[] out, int outOff) {
        double lse = logSumExp(x, off, n);
        for (int i = 0; i < n; i++) out[outOff + i] = x[off + i] - lse;
        return lse;
    }

    /** log Σ exp(x[off..off+n)), computed in double after subtracting the maximum. */
    public static double logSumExp(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[off + i]);
        if (max == Float.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(x[off + i] - max);
        return max + Math.log(sum);
    }

    /**
     * z (vocab, ld): each token column's logits are replaced by their log-softmax, and
     * {@code entropy[t] = −Σ_v p log p}, computed as {@code log Σe − Σ e·(z − max) / Σe} with
     * e = exp(z − max) in the same pass as the normaliser. Token columns [from, to), from a multiple
     * of the vector length.
     */
    public static void forwardColumns(float[] z, int vocab, int from, int to, int ld, float[] entropy) {
        forEachTokenVector(from, to, (t, lanes) -> {
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int v = 0; v < vocab; v++) max = max.max(FloatVector.fromArray(S, z, v * ld + t, lanes));
            FloatVector sum = FloatVector.zero(S), weighted = sum;
            for (int v0 = 0; v0 < vocab; v0 += CHUNK) {
                FloatVector chunkSum = FloatVector.zero(S), chunkWeighted = chunkSum;
                for (int v = v0; v < Math.min(vocab, v0 + CHUNK); v++) {
                    FloatVector shifted = FloatVector.fromArray(S, z, v * ld + t, lanes).sub(max);
                    FloatVector e = VectorExp.exp(shifted);
                    chunkSum = chunkSum.add(e);
                    chunkWeighted = e.fma(shifted, chunkWeighted);
                }
                sum = sum.add(chunkSum);
                weighted = weighted.add(chunkWeighted);
            }
            // No vector log: the lanes' logs go through entropy[], which they are about to become part of.
            for (int lane = 0; lane < S.length() && lanes.laneIsSet(lane); lane++) entropy[t + lane] = (float) Math.log(sum.lane(lane));
            FloatVector log = FloatVector.fromArray(S, entropy, t, lanes);
            log.sub(weighted.div(sum)).intoArray(entropy, t, lanes);
            FloatVector lse = max.add(log);
            for (int v = 0; v < vocab; v++) {
                FloatVector.fromArray(S, z, v * ld + t, lanes).sub(lse).intoArray(z, v * ld + t, lanes);
            }
        });
    }

    /**
     * The backward pass of {@link #forwardColumns} (token columns [from, to)) for the per-token loss
     * {@code L = Σ_t a_t·log p_t(y_t) + e_t·H_t + k_t·KL(p_t ‖ r_t)}: logp (vocab, ld) holds the
     * log-probs on entry and dL/dz on return. From ∂log p_y/∂z_v = [v = y] − p_v,
     * ∂H/∂z_v = −p_v (log p_v + H) and ∂KL/∂z_v = p_v (log p_v − log r_v − KL):
     * {@code dz_v = a [v = y] − p_v (a + e (log p_v + H) − k (log p_v − log r_v − KL))}.
     * Terms whose coefficient is zero are skipped, so a token whose coefficients are all zero gets a
     * zero column whatever its reference holds.
     *
     * @param targets     y_t, or negative for none (then a_t must be 0)
     * @param dTarget     a_t = dL/dlog p(y_t)
     * @param entropy     H_t from the forward pass
     * @param dEntropy    e_t, or null for none
     * @param reference   log r in column layout (vocab, ld), or null for no KL term
     * @param dKl         k_t, or null (must be null when reference is)
     * @param klOut       receives KL_t where a reference is given, or null
     */
    public static void backwardColumns(float[] logp, int vocab, int from, int to, int ld, int[] targets, float[] dTarget,
                                       float[] entropy, float[] dEntropy, float[] reference, float[] dKl, float[] klOut) {
        forEachTokenVector(from, to, (t, lanes) -> {
            FloatVector a = FloatVector.fromArray(S, dTarget, t, lanes), zero = FloatVector.zero(S);
            FloatVector e = dEntropy == null ? zero : FloatVector.fromArray(S, dEntropy, t, lanes);
            FloatVector h = FloatVector.fromArray(S, entropy, t, lanes);
            FloatVector k = dKl == null ? zero : FloatVector.fromArray(S, dKl, t, lanes);
            VectorMask<Float> withKl = k.compare(VectorOperators.NE, 0f).and(lanes);
            FloatVector kl = zero;
            if (reference != null) {
                for (int v = 0; v < vocab; v++) {
                    FloatVector lp = FloatVector.fromArray(S, logp, v * ld + t, lanes);
                    FloatVector gap = lp.sub(FloatVector.fromArray(S, reference, v * ld + t, withKl));
                    kl = kl.add(VectorExp.exp(lp).mul(gap), withKl);
                }
                if (klOut != null) kl.intoArray(klOut, t, lanes);
            }
            // The per-entry coefficient of −p is a + e·(log p + H) − k·(log p − log r − KL).
            FloatVector base = a.add(e.mul(h)).add(k.mul(kl));
            for (int v = 0; v < vocab; v++) {
                int at = v * ld + t;
                FloatVector lp = FloatVector.fromArray(S, logp, at, lanes);
                FloatVector coefficient = base.add(e.mul(lp));
                if (reference != null) {
                    FloatVector gap = lp.sub(FloatVector.fromArray(S, reference, at, withKl));
                    coefficient = coefficient.sub(k.mul(gap), withKl);
                }
                VectorExp.exp(lp).mul(coefficient).neg().intoArray(logp, at, lanes);
            }
            for (int lane = 0; lane < S.length() && t + lane < to; lane++) {
                int y = targets[t + lane];
                if (y >= 0) logp[y * ld + t + lane] += dTarget[t + lane];
            }
        });
    }

    @FunctionalInterface
    private interface TokenVector {
        /** Tokens [t, t + lanes) where the mask is set (a partial vector only at the end). */
        void run(int t, VectorMask<Float> lanes);
    }

    private static void forEachTokenVector(int from, int to, TokenVector body) {
        for (int t = from; t < to; t += S.length()) body.run(t, S.indexInRange(t, to));
    }
}
