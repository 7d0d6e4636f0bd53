package io.reason4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled dot-product attention of one query head over a run of cached keys and values
 * (Vaswani et al. 2017): {@code out = softmax(q·Kᵀ · scale) · V}. Causality comes from the caller
 * passing only the positions up to the query's own.
 *
 * <p>Keys are stored transposed, {@code keysT[(dim) * capacity + position]}, so the scores of 16
 * positions come out of one vector FMA per dimension with no horizontal sums; values stay
 * position-major, so the weighted sum is vectorised over dimensions.
 */
public final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Attention() {}

    /** Positions are scored a whole vector at a time: key rows and scores must have room up to here. */
    public static int paddedLength(int length) {
        return (length + S.length() - 1) / S.length() * S.length();
    }

    /**
     * @param q        query, headDim floats at qOff
     * @param keysT    this kv-head's keys: dimension d of position t at {@code kOff + d * capacity + t};
     *                 capacity must be at least {@code paddedLength(length)} (the padding is read, then ignored)
     * @param values   cached values: position t at {@code vOff + t * vStride}, headDim floats
     * @param length   positions to attend to (the query's position + 1)
     * @param scores   scratch of at least {@code paddedLength(length)} floats
     * @param out      receives headDim floats at outOff
     */
    public static void attend(float[] q, int qOff, float[] keysT, int kOff, int capacity, float[] values, int vOff,
                              int vStride, int length, int headDim, float scale, float[] scores, float[] out, int outOff) {
        int padded = paddedLength(length), step = S.length();
        java.util.Arrays.fill(scores, 0, padded, 0f);
        for (int d = 0; d < headDim; d++) {
            FloatVector qd = FloatVector.broadcast(S, q[qOff + d] * scale);
            int row = kOff + d * capacity;
            for (int t = 0; t < padded; t += step) {
                FloatVector.fromArray(S, keysT, row + t).fma(qd, FloatVector.fromArray(S, scores, t)).intoArray(scores, t);
            }
        }
        // Scores past `length` come from padding: excluded from the max and zeroed after exp.
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < length; t++) max = Math.max(max, scores[t]);
        FloatVector maxV = FloatVector.broadcast(S, max);
        for (int t = 0; t < padded; t += step) VectorExp.exp(FloatVector.fromArray(S, scores, t).sub(maxV)).intoArray(scores, t);
        java.util.Arrays.fill(scores, length, padded, 0f);
        FloatVector sumV = FloatVector.zero(S);
        for (int t = 0; t < padded; t += step) sumV = sumV.add(FloatVector.fromArray(S, scores, t));
        float inv = 1f / sumV.reduceLanes(VectorOperators.ADD);
        int dBound = S.loopBound(headDim);
        java.util.Arrays.fill(out, outOff, outOff + headDim, 0f);
        for (int t = 0; t < length; t++) {
            float p = scores[t] * inv;
            FloatVector pv = FloatVector.broadcast(S, p);
            int v = vOff + t * vStride, d = 0;
            for (; d < dBound; d += step) {
                FloatVector.fromArray(S, values, v + d).fma(pv, FloatVector.fromArray(S, out, outOff + d)).intoArray(out, outOff + d);
            }
            for (; d < headDim; d++) out[outOff + d] += p * values[v + d];
        }
    }
}
