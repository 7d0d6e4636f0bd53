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

    /**
     * @param q        query, headDim floats at qOff
     * @param keysT    this kv-head's keys: dimension d of position t at {@code kOff + d * capacity + t}
     * @param values   cached values: position t at {@code vOff + t * vStride}, headDim floats
     * @param length   positions to attend to (the query's position + 1)
     * @param scores   scratch of at least {@code length} rounded up to the vector length
     * @param out      receives headDim floats at outOff
     */
    public static void attend(float[] q, int qOff, float[] keysT, int kOff, int capacity, float[] values, int vOff,
                              int vStride, int length, int headDim, float scale, float[] scores, float[] out, int outOff) {
        int bound = S.loopBound(length);
        java.util.Arrays.fill(scores, 0, length, 0f);
        for (int d = 0; d < headDim; d++) {
            FloatVector qd = FloatVector.broadcast(S, q[qOff + d] * scale);
            int row = kOff + d * capacity, t = 0;
            for (; t < bound; t += S.length()) {
                FloatVector.fromArray(S, keysT, row + t).fma(qd, FloatVector.fromArray(S, scores, t)).intoArray(scores, t);
            }
            float qs = q[qOff + d] * scale;
            for (; t < length; t++) scores[t] += qs * keysT[row + t];
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < length; t++) max = Math.max(max, scores[t]);
        FloatVector maxV = FloatVector.broadcast(S, max), sumV = FloatVector.zero(S);
        int t = 0;
        for (; t < bound; t += S.length()) {
            FloatVector e = VectorExp.exp(FloatVector.fromArray(S, scores, t).sub(maxV));
            e.intoArray(scores, t);
            sumV = sumV.add(e);
        }
        float sum = sumV.reduceLanes(VectorOperators.ADD);
        for (; t < length; t++) {
            scores[t] = (float) Math.exp(scores[t] - max);
            sum += scores[t];
        }
        float inv = 1f / sum;
        int dBound = S.loopBound(headDim);
        java.util.Arrays.fill(out, outOff, outOff + headDim, 0f);
        for (t = 0; t < length; t++) {
            float p = scores[t] * inv;
            FloatVector pv = FloatVector.broadcast(S, p);
            int v = vOff + t * vStride, d = 0;
            for (; d < dBound; d += S.length()) {
                FloatVector.fromArray(S, values, v + d).fma(pv, FloatVector.fromArray(S, out, outOff + d)).intoArray(out, outOff + d);
            }
            for (; d < headDim; d++) out[outOff + d] += p * values[v + d];
        }
    }
}
