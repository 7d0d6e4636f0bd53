package io.reason4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled dot-product attention of one query head over a run of cached keys and values
 * (Vaswani et al. 2017): {@code out = softmax(q·Kᵀ · scale) · V}. Causality comes from the caller
 * passing only the positions up to the query's own.
 *
 * <p>One kv head's keys are stored in blocks of {@link #BLOCK} positions, each block dimension-major
 * ({@link #keyIndex}): the scores of a whole block come out of one vector FMA per dimension with no
 * horizontal sums, and the keys of a head are one contiguous run that the hardware prefetcher
 * streams. Values are position-major ({@code position * headDim + dimension}), so the weighted sum
 * is vectorised over dimensions and also reads one contiguous run.
 */
public final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Positions per key block: one vector of scores. */
    public static final int BLOCK = S.length();

    private Attention() {}

    /** Positions are scored a whole block at a time: key storage and scores must have room up to here. */
    public static int paddedLength(int length) {
        return (length + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** Where dimension d of position pos lies within one kv head's key storage. */
    public static int keyIndex(int pos, int d, int headDim) {
        return (pos / BLOCK) * headDim * BLOCK + d * BLOCK + pos % BLOCK;
    }

    /**
     * @param q        query, headDim floats at qOff
     * @param keys     this kv head's keys from kOff, laid out by {@link #keyIndex}, with room for
     *                 {@code paddedLength(length)} positions (the padding is read, then ignored)
     * @param values   this kv head's values from vOff: position t at {@code vOff + t * headDim}
     * @param length   positions to attend to (the query's position + 1)
     * @param scores   scratch of at least {@code paddedLength(length)} floats
     * @param out      receives headDim floats at outOff
     */
    public static void attend(float[] q, int qOff, float[] keys, int kOff, float[] values, int vOff,
                              int length, int headDim, float scale, float[] scores, float[] out, int outOff) {
        int padded = paddedLength(length), step = S.length();
        scores(q, qOff, keys, kOff, padded, headDim, scale, scores);
        // Scores past `length` come from padding: excluded from the max and zeroed after exp.
        FloatVector maxV = FloatVector.broadcast(S, max(scores, length));
        for (int t = 0; t < padded; t += step) VectorExp.exp(FloatVector.fromArray(S, scores, t).sub(maxV)).intoArray(scores, t);
        java.util.Arrays.fill(scores, length, padded, 0f);
        FloatVector sumV = FloatVector.zero(S);
        for (int t = 0; t < padded; t += step) sumV = sumV.add(FloatVector.fromArray(S, scores, t));
        float inv = 1f / LaneSum.sum(sumV);
        weightedSum(scores, inv, values, vOff, headDim, length, headDim, out, outOff);
    }

    /**
     * The largest of {@code a[0..length)}. Its own small method: inside {@code attend}, after the two
     * big kernels were inlined, C2 left this loop's vector max as a boxed library call (JFR showed it
     * at 3% of sampling time).
     */
    private static float max(float[] a, int length) {
        int step = S.length(), t = 0;
        FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; t + step <= length; t += step) maxV = maxV.max(FloatVector.fromArray(S, a, t));
        float max = maxV.reduceLanes(VectorOperators.MAX);
        for (; t < length; t++) max = Math.max(max, a[t]);
        return max;
    }

    /** scores[t] = scale · q·k_t for t in [0, padded), four blocks of positions at a time in registers. */
    private static void scores(float[] q, int qOff, float[] keys, int kOff, int padded, int headDim,
                               float scale, float[] scores) {
        int blockSize = headDim * BLOCK, t = 0;
        for (; t + 4 * BLOCK <= padded; t += 4 * BLOCK) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            int k0 = kOff + (t / BLOCK) * blockSize;
            for (int d = 0; d < headDim; d++) {
                FloatVector qd = FloatVector.broadcast(S, q[qOff + d] * scale);
                int k = k0 + d * BLOCK;
                a0 = FloatVector.fromArray(S, keys, k).fma(qd, a0);
                a1 = FloatVector.fromArray(S, keys, k + blockSize).fma(qd, a1);
                a2 = FloatVector.fromArray(S, keys, k + 2 * blockSize).fma(qd, a2);
                a3 = FloatVector.fromArray(S, keys, k + 3 * blockSize).fma(qd, a3);
            }
            a0.intoArray(scores, t);
            a1.intoArray(scores, t + BLOCK);
            a2.intoArray(scores, t + 2 * BLOCK);
            a3.intoArray(scores, t + 3 * BLOCK);
        }
        // The last blocks one at a time, over four interleaved runs of dimensions: one chain of
        // headDim dependent FMAs would wait on the FMA latency (it cost as much as the loop above).
        for (; t < padded; t += BLOCK) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            int k = kOff + (t / BLOCK) * blockSize, d = 0;
            for (; d + 4 <= headDim; d += 4, k += 4 * BLOCK) {
                a0 = FloatVector.fromArray(S, keys, k).fma(FloatVector.broadcast(S, q[qOff + d] * scale), a0);
                a1 = FloatVector.fromArray(S, keys, k + BLOCK).fma(FloatVector.broadcast(S, q[qOff + d + 1] * scale), a1);
                a2 = FloatVector.fromArray(S, keys, k + 2 * BLOCK).fma(FloatVector.broadcast(S, q[qOff + d + 2] * scale), a2);
                a3 = FloatVector.fromArray(S, keys, k + 3 * BLOCK).fma(FloatVector.broadcast(S, q[qOff + d + 3] * scale), a3);
            }
            for (; d < headDim; d++, k += BLOCK) {
                a0 = FloatVector.fromArray(S, keys, k).fma(FloatVector.broadcast(S, q[qOff + d] * scale), a0);
            }
            a0.add(a1).add(a2.add(a3)).intoArray(scores, t);
        }
    }

    /** out = inv · Σ_t weights[t] · v_t, up to four vectors of dimensions at a time held in registers. */
    private static void weightedSum(float[] weights, float inv, float[] values, int vOff, int vStride, int length,
                                    int headDim, float[] out, int outOff) {
        int step = S.length(), d = 0;
        // Two runs of positions (the first and the second half) at once: twice the loads in flight.
        int half = length / 2;
        for (; d + 4 * step <= headDim; d += 4 * step) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            int v = vOff + d, u = v + half * vStride;
            for (int t = 0; t < half; t++, v += vStride, u += vStride) {
                FloatVector p = FloatVector.broadcast(S, weights[t]), r = FloatVector.broadcast(S, weights[t + half]);
                a0 = FloatVector.fromArray(S, values, v).fma(p, a0);
                a1 = FloatVector.fromArray(S, values, v + step).fma(p, a1);
                a2 = FloatVector.fromArray(S, values, v + 2 * step).fma(p, a2);
                a3 = FloatVector.fromArray(S, values, v + 3 * step).fma(p, a3);
                b0 = FloatVector.fromArray(S, values, u).fma(r, b0);
                b1 = FloatVector.fromArray(S, values, u + step).fma(r, b1);
                b2 = FloatVector.fromArray(S, values, u + 2 * step).fma(r, b2);
                b3 = FloatVector.fromArray(S, values, u + 3 * step).fma(r, b3);
            }
            for (int t = 2 * half; t < length; t++, u += vStride) {
                FloatVector r = FloatVector.broadcast(S, weights[t]);
                b0 = FloatVector.fromArray(S, values, u).fma(r, b0);
                b1 = FloatVector.fromArray(S, values, u + step).fma(r, b1);
                b2 = FloatVector.fromArray(S, values, u + 2 * step).fma(r, b2);
                b3 = FloatVector.fromArray(S, values, u + 3 * step).fma(r, b3);
            }
            a0.add(b0).mul(inv).intoArray(out, outOff + d);
            a1.add(b1).mul(inv).intoArray(out, outOff + d + step);
            a2.add(b2).mul(inv).intoArray(out, outOff + d + 2 * step);
            a3.add(b3).mul(inv).intoArray(out, outOff + d + 3 * step);
        }
        for (; d + step <= headDim; d += step) {
            FloatVector a = FloatVector.zero(S);
            int v = vOff + d;
            for (int t = 0; t < length; t++, v += vStride) a = FloatVector.fromArray(S, values, v).fma(FloatVector.broadcast(S, weights[t]), a);
            a.mul(inv).intoArray(out, outOff + d);
        }
        for (; d < headDim; d++) {
            float acc = 0f;
            for (int t = 0; t < length; t++) acc = Math.fma(weights[t], values[vOff + t * vStride + d], acc);
            out[outOff + d] = acc * inv;
        }
    }
}
