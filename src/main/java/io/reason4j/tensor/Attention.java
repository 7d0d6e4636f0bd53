package io.reason4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled dot-product attention of one query head over a run of cached keys and values
 * (Vaswani et al. 2017): {@code out = softmax(q·Kᵀ · scale) · V}. Causality comes from the caller
 * passing only the keys at positions up to the query's own.
 */
public final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Attention() {}

    /**
     * @param q       query, headDim floats at qOff
     * @param keys    cached keys: position t, this head's slice at {@code t * stride + kvOff}
     * @param values  cached values, same layout
     * @param length  number of positions to attend to (the query's position + 1)
     * @param scores  scratch of at least {@code length} floats
     * @param out     receives headDim floats at outOff
     */
    public static void attend(float[] q, int qOff, float[] keys, float[] values, int kvOff, int stride,
                              int length, int headDim, float scale, float[] scores, float[] out, int outOff) {
        int bound = S.loopBound(headDim);
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < length; t++) {
            int k = t * stride + kvOff;
            FloatVector acc = FloatVector.zero(S);
            int d = 0;
            for (; d < bound; d += S.length()) {
                acc = FloatVector.fromArray(S, q, qOff + d).fma(FloatVector.fromArray(S, keys, k + d), acc);
            }
            float dot = acc.reduceLanes(VectorOperators.ADD);
            for (; d < headDim; d++) dot += q[qOff + d] * keys[k + d];
            float s = dot * scale;
            scores[t] = s;
            if (s > max) max = s;
        }
        float sum = 0f;
        for (int t = 0; t < length; t++) {
            float e = (float) Math.exp(scores[t] - max);
            scores[t] = e;
            sum += e;
        }
        float inv = 1f / sum;
        java.util.Arrays.fill(out, outOff, outOff + headDim, 0f);
        for (int t = 0; t < length; t++) {
            float p = scores[t] * inv;
            FloatVector pv = FloatVector.broadcast(S, p);
            int v = t * stride + kvOff, d = 0;
            for (; d < bound; d += S.length()) {
                FloatVector.fromArray(S, values, v + d).fma(pv, FloatVector.fromArray(S, out, outOff + d))
                        .intoArray(out, outOff + d);
            }
            for (; d < headDim; d++) out[outOff + d] += p * values[v + d];
        }
    }
}
