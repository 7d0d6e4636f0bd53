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
        scores(q, qOff, keysT, kOff, capacity, padded, headDim, scale, scores);
        // Scores past `length` come from padding: excluded from the max and zeroed after exp.
        FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int t = 0;
        for (; t + step <= length; t += step) maxV = maxV.max(FloatVector.fromArray(S, scores, t));
        float max = maxV.reduceLanes(VectorOperators.MAX);
        for (; t < length; t++) max = Math.max(max, scores[t]);
        maxV = FloatVector.broadcast(S, max);
        for (t = 0; t < padded; t += step) VectorExp.exp(FloatVector.fromArray(S, scores, t).sub(maxV)).intoArray(scores, t);
        java.util.Arrays.fill(scores, length, padded, 0f);
        FloatVector sumV = FloatVector.zero(S);
        for (t = 0; t < padded; t += step) sumV = sumV.add(FloatVector.fromArray(S, scores, t));
        float inv = 1f / sumV.reduceLanes(VectorOperators.ADD);
        weightedSum(scores, inv, values, vOff, vStride, length, headDim, out, outOff);
    }

    /** scores[t] = scale · q·k_t for t in [0, padded), four vectors of positions at a time in registers. */
    private static void scores(float[] q, int qOff, float[] keysT, int kOff, int capacity, int padded, int headDim,
                               float scale, float[] scores) {
        int step = S.length(), t = 0;
        for (; t + 4 * step <= padded; t += 4 * step) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            int row = kOff + t;
            for (int d = 0; d < headDim; d++, row += capacity) {
                FloatVector qd = FloatVector.broadcast(S, q[qOff + d] * scale);
                a0 = FloatVector.fromArray(S, keysT, row).fma(qd, a0);
                a1 = FloatVector.fromArray(S, keysT, row + step).fma(qd, a1);
                a2 = FloatVector.fromArray(S, keysT, row + 2 * step).fma(qd, a2);
                a3 = FloatVector.fromArray(S, keysT, row + 3 * step).fma(qd, a3);
            }
            a0.intoArray(scores, t);
            a1.intoArray(scores, t + step);
            a2.intoArray(scores, t + 2 * step);
            a3.intoArray(scores, t + 3 * step);
        }
        for (; t < padded; t += step) {
            FloatVector a = FloatVector.zero(S);
            int row = kOff + t;
            for (int d = 0; d < headDim; d++, row += capacity) {
                a = FloatVector.fromArray(S, keysT, row).fma(FloatVector.broadcast(S, q[qOff + d] * scale), a);
            }
            a.intoArray(scores, t);
        }
    }

    /** out = inv · Σ_t weights[t] · v_t, two vectors of dimensions at a time held in registers. */
    private static void weightedSum(float[] weights, float inv, float[] values, int vOff, int vStride, int length,
                                    int headDim, float[] out, int outOff) {
        int step = S.length(), d = 0;
        for (; d + 2 * step <= headDim; d += 2 * step) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0;
            int v = vOff + d;
            for (int t = 0; t < length; t++, v += vStride) {
                FloatVector p = FloatVector.broadcast(S, weights[t]);
                a0 = FloatVector.fromArray(S, values, v).fma(p, a0);
                a1 = FloatVector.fromArray(S, values, v + step).fma(p, a1);
            }
            a0.mul(inv).intoArray(out, outOff + d);
            a1.mul(inv).intoArray(out, outOff + d + step);
        }
        for (; d < headDim; d++) {
            float acc = 0f;
            for (int t = 0; t < length; t++) acc = Math.fma(weights[t], values[vOff + t * vStride + d], acc);
            out[outOff + d] = acc * inv;
        }
    }
}
