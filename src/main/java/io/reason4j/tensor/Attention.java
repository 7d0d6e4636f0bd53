package io.reason4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled dot-product attention of one token's query heads over one sequence's cached keys and
 * values (Vaswani et al. 2017): {@code out_h = softmax(q_h·K_gᵀ · scale) · V_g}, where query head h
 * reads kv head {@code g = h / (heads / kvHeads)} (grouped-query attention, Ainslie et al. 2023).
 * Causality comes from the caller passing only the positions up to the query's own.
 *
 * <p>The layout serves the memory system, because decoding reads the whole cache at every step and
 * on a CPU that read, not the arithmetic, sets the speed. Keys come in blocks of {@link #BLOCK}
 * positions; within a block, for each dimension, the kv heads' vectors of BLOCK positions lie side
 * by side ({@link #keyIndex}). Values are position-major with all kv heads in a row
 * ({@link #valueIndex}). So the scores of all heads are one pass over one contiguous run of keys,
 * with one vector FMA per dimension and head and no horizontal sums, and the weighted sums one pass
 * over one contiguous run of values. Short runs (one per head) leave the hardware prefetcher cold at
 * every start: on the medium sampling benchmark this layout cut the attention's time by a quarter
 * (docs/benchmarks.md).
 *
 * <p>The vector loops sit in methods that C2 compiles on their own, and the per-head max is taken in
 * the scoring registers: where C2 inlined a vector loop into the decoder's layer and ran out of
 * inlining budget, it left the vector operations as library calls that box every vector.
 */
public final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Positions per key block: one vector of scores. */
    public static final int BLOCK = S.length();
    /** Query heads scored, and weighted sums accumulated, together: one register each per lane group. */
    private static final int HEADS_AT_ONCE = 4;

    private Attention() {}

    /** Positions are scored a whole block at a time: key storage and scores must have room up to here. */
    public static int paddedLength(int length) {
        return (length + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** Where dimension d of kv head g's key at position pos lies in one sequence's key storage. */
    public static int keyIndex(int pos, int g, int d, int kvHeads, int headDim) {
        return (pos / BLOCK) * kvHeads * headDim * BLOCK + (d * kvHeads + g) * BLOCK + pos % BLOCK;
    }

    /** Where dimension d of kv head g's value at position pos lies in one sequence's value storage. */
    public static int valueIndex(int pos, int g, int d, int kvHeads, int headDim) {
        return (pos * kvHeads + g) * headDim + d;
    }

    /**
     * @param q        the query heads, head h's headDim floats at {@code qOff + h * headDim}
     * @param keys     the sequence's keys laid out by {@link #keyIndex}, with room for
     *                 {@code paddedLength(length)} positions (the padding is read, then ignored)
     * @param values   the sequence's values laid out by {@link #valueIndex}
     * @param length   positions to attend to (the query's position + 1)
     * @param scratch  at least {@link #scratchLength}{@code (length, heads)} floats
     * @param out      receives head h's headDim floats at {@code outOff + h * headDim}
     */
    public static void attend(float[] q, int qOff, float[] keys, float[] values, int length, int heads, int kvHeads,
                              int headDim, float scale, float[] scratch, float[] out, int outOff) {
        int padded = paddedLength(length), group = heads / kvHeads, step = S.length();
        // scratch: each head's scores over the padded length, then each head's max, then 1 / sum.
        int maxes = heads * padded, inverseSums = maxes + heads;
        for (int h = 0; h < heads; h += HEADS_AT_ONCE) {
            scores(q, qOff, keys, h, heads, group, kvHeads, length, headDim, scale, scratch, maxes);
        }
        for (int h = 0; h < heads; h++) {
            int row = h * padded;
            FloatVector maxV = FloatVector.broadcast(S, scratch[maxes + h]), sumV = FloatVector.zero(S);
            for (int t = row; t < row + padded; t += step) VectorExp.exp(FloatVector.fromArray(S, scratch, t).sub(maxV)).intoArray(scratch, t);
            // Scores past `length` come from padding: left out of the max (scores), zeroed after exp.
            java.util.Arrays.fill(scratch, row + length, row + padded, 0f);
            for (int t = row; t < row + padded; t += step) sumV = sumV.add(FloatVector.fromArray(S, scratch, t));
            scratch[inverseSums + h] = 1f / LaneSum.sum(sumV);
        }
        for (int h = 0; h < heads; h += HEADS_AT_ONCE) {
            weightedSums(scratch, padded, inverseSums, values, h, heads, group, kvHeads, headDim, length, out, outOff);
        }
    }

    /** Scratch floats {@link #attend} needs: every head's scores over the padded length, its max and its inverse sum. */
    public static int scratchLength(int length, int heads) {
        return heads * (paddedLength(length) + 2);
    }

    /** Query head {@code min(h0 + i, heads - 1)}: a short last group repeats its last head (same result, same place). */
    private static int head(int h0, int i, int heads) {
        return Math.min(h0 + i, heads - 1);
    }

    /**
     * Scores of query heads h0 … h0 + 3: {@code scores[h * padded + t] = scale · q_h·k_t}, a block of
     * positions at a time, and each head's largest score at {@code scores[maxes + h]}. Four
     * independent FMA chains, one per head, hide the FMA latency; per dimension the four keys lie in
     * one row of the block, so the pass reads the keys in order. The max is taken here, in the
     * registers, because a separate vector max over the scores, once C2 had inlined it into the
     * decoder's layer, ran as boxed library calls (JFR: gigabytes of garbage per twenty runs).
     */
    private static void scores(float[] q, int qOff, float[] keys, int h0, int heads, int group, int kvHeads,
                               int length, int headDim, float scale, float[] scores, int maxes) {
        int h1 = head(h0, 1, heads), h2 = head(h0, 2, heads), h3 = head(h0, 3, heads);
        int g0 = h0 / group * BLOCK, g1 = h1 / group * BLOCK, g2 = h2 / group * BLOCK, g3 = h3 / group * BLOCK;
        int q0 = qOff + h0 * headDim, q1 = qOff + h1 * headDim, q2 = qOff + h2 * headDim, q3 = qOff + h3 * headDim;
        int padded = paddedLength(length), row = kvHeads * BLOCK;
        FloatVector lowest = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY), m0 = lowest, m1 = lowest, m2 = lowest, m3 = lowest;
        for (int t = 0; t < padded; t += BLOCK) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            int k = t * kvHeads * headDim;
            for (int d = 0; d < headDim; d++, k += row) {
                a0 = FloatVector.fromArray(S, keys, k + g0).fma(FloatVector.broadcast(S, q[q0 + d] * scale), a0);
                a1 = FloatVector.fromArray(S, keys, k + g1).fma(FloatVector.broadcast(S, q[q1 + d] * scale), a1);
                a2 = FloatVector.fromArray(S, keys, k + g2).fma(FloatVector.broadcast(S, q[q2 + d] * scale), a2);
                a3 = FloatVector.fromArray(S, keys, k + g3).fma(FloatVector.broadcast(S, q[q3 + d] * scale), a3);
            }
            a0.intoArray(scores, h0 * padded + t);
            a1.intoArray(scores, h1 * padded + t);
            a2.intoArray(scores, h2 * padded + t);
            a3.intoArray(scores, h3 * padded + t);
            // Padding lanes of the last block hold scores of unused key storage: not part of the max.
            VectorMask<Float> filled = S.indexInRange(t, length);
            m0 = m0.max(lowest.blend(a0, filled));
            m1 = m1.max(lowest.blend(a1, filled));
            m2 = m2.max(lowest.blend(a2, filled));
            m3 = m3.max(lowest.blend(a3, filled));
        }
        scores[maxes + h0] = m0.reduceLanes(VectorOperators.MAX);
        scores[maxes + h1] = m1.reduceLanes(VectorOperators.MAX);
        scores[maxes + h2] = m2.reduceLanes(VectorOperators.MAX);
        scores[maxes + h3] = m3.reduceLanes(VectorOperators.MAX);
    }

    /**
     * {@code out_h = Σ_t weights[h * padded + t] · v_{g,t} / sum_h} for query heads h0 … h0 + 3, where
     * {@code 1 / sum_h} is at {@code weights[inverseSums + h]}: four vectors of dimensions at a time,
     * then one, then single dimensions, so that any headDim works. Each vector loop is a method of
     * its own, which C2 compiles whole (in one big method it left the FMAs as boxed library calls,
     * and the kernel ran slower than the one-head-at-a-time one it replaced).
     */
    private static void weightedSums(float[] weights, int padded, int inverseSums, float[] values, int h0, int heads,
                                     int group, int kvHeads, int headDim, int length, float[] out, int outOff) {
        int step = S.length(), d = 0;
        for (; d + 4 * step <= headDim; d += 4 * step) {
            fourVectors(weights, padded, inverseSums, values, h0, heads, group, kvHeads, headDim, length, d, out, outOff);
        }
        for (; d + step <= headDim; d += step) {
            oneVector(weights, padded, inverseSums, values, h0, heads, group, kvHeads, headDim, length, d, out, outOff);
        }
        for (; d < headDim; d++) {
            for (int i = 0; i < HEADS_AT_ONCE && h0 + i < heads; i++) {
                int h = h0 + i, v = h / group * headDim + d, w = h * padded;
                float acc = 0f;
                for (int t = 0; t < length; t++) acc = Math.fma(weights[w + t], values[t * kvHeads * headDim + v], acc);
                out[outOff + h * headDim + d] = acc * weights[inverseSums + h];
            }
        }
    }

    /** Dimensions [d, d + 4 vectors) of the four heads' weighted sums: sixteen accumulators. */
    private static void fourVectors(float[] weights, int padded, int inverseSums, float[] values, int h0, int heads, int group,
                                    int kvHeads, int headDim, int length, int d, float[] out, int outOff) {
        int h1 = head(h0, 1, heads), h2 = head(h0, 2, heads), h3 = head(h0, 3, heads);
        int step = S.length(), rowLength = kvHeads * headDim;
        int v0 = h0 / group * headDim, v1 = h1 / group * headDim, v2 = h2 / group * headDim, v3 = h3 / group * headDim;
        int w0 = h0 * padded, w1 = h1 * padded, w2 = h2 * padded, w3 = h3 * padded;
        FloatVector z = FloatVector.zero(S);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, b0 = z, b1 = z, b2 = z, b3 = z;
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, e0 = z, e1 = z, e2 = z, e3 = z;
        for (int t = 0, v = d; t < length; t++, v += rowLength) {
            FloatVector p = FloatVector.broadcast(S, weights[w0 + t]);
            a0 = FloatVector.fromArray(S, values, v + v0).fma(p, a0);
            a1 = FloatVector.fromArray(S, values, v + v0 + step).fma(p, a1);
            a2 = FloatVector.fromArray(S, values, v + v0 + 2 * step).fma(p, a2);
            a3 = FloatVector.fromArray(S, values, v + v0 + 3 * step).fma(p, a3);
            p = FloatVector.broadcast(S, weights[w1 + t]);
            b0 = FloatVector.fromArray(S, values, v + v1).fma(p, b0);
            b1 = FloatVector.fromArray(S, values, v + v1 + step).fma(p, b1);
            b2 = FloatVector.fromArray(S, values, v + v1 + 2 * step).fma(p, b2);
            b3 = FloatVector.fromArray(S, values, v + v1 + 3 * step).fma(p, b3);
            p = FloatVector.broadcast(S, weights[w2 + t]);
            c0 = FloatVector.fromArray(S, values, v + v2).fma(p, c0);
            c1 = FloatVector.fromArray(S, values, v + v2 + step).fma(p, c1);
            c2 = FloatVector.fromArray(S, values, v + v2 + 2 * step).fma(p, c2);
            c3 = FloatVector.fromArray(S, values, v + v2 + 3 * step).fma(p, c3);
            p = FloatVector.broadcast(S, weights[w3 + t]);
            e0 = FloatVector.fromArray(S, values, v + v3).fma(p, e0);
            e1 = FloatVector.fromArray(S, values, v + v3 + step).fma(p, e1);
            e2 = FloatVector.fromArray(S, values, v + v3 + 2 * step).fma(p, e2);
            e3 = FloatVector.fromArray(S, values, v + v3 + 3 * step).fma(p, e3);
        }
        // Stored here, not through a helper taking vectors: where C2 ran out of inlining budget, such
        // a call boxed all sixteen.
        float s0 = weights[inverseSums + h0], s1 = weights[inverseSums + h1], s2 = weights[inverseSums + h2], s3 = weights[inverseSums + h3];
        int o0 = outOff + h0 * headDim + d, o1 = outOff + h1 * headDim + d, o2 = outOff + h2 * headDim + d, o3 = outOff + h3 * headDim + d;
        a0.mul(s0).intoArray(out, o0); a1.mul(s0).intoArray(out, o0 + step);
        a2.mul(s0).intoArray(out, o0 + 2 * step); a3.mul(s0).intoArray(out, o0 + 3 * step);
        b0.mul(s1).intoArray(out, o1); b1.mul(s1).intoArray(out, o1 + step);
        b2.mul(s1).intoArray(out, o1 + 2 * step); b3.mul(s1).intoArray(out, o1 + 3 * step);
        c0.mul(s2).intoArray(out, o2); c1.mul(s2).intoArray(out, o2 + step);
        c2.mul(s2).intoArray(out, o2 + 2 * step); c3.mul(s2).intoArray(out, o2 + 3 * step);
        e0.mul(s3).intoArray(out, o3); e1.mul(s3).intoArray(out, o3 + step);
        e2.mul(s3).intoArray(out, o3 + 2 * step); e3.mul(s3).intoArray(out, o3 + 3 * step);
    }

    /** Dimensions [d, d + 1 vector) of the four heads' weighted sums. */
    private static void oneVector(float[] weights, int padded, int inverseSums, float[] values, int h0, int heads, int group,
                                  int kvHeads, int headDim, int length, int d, float[] out, int outOff) {
        int h1 = head(h0, 1, heads), h2 = head(h0, 2, heads), h3 = head(h0, 3, heads), rowLength = kvHeads * headDim;
        int v0 = h0 / group * headDim, v1 = h1 / group * headDim, v2 = h2 / group * headDim, v3 = h3 / group * headDim;
        int w0 = h0 * padded, w1 = h1 * padded, w2 = h2 * padded, w3 = h3 * padded;
        FloatVector a = FloatVector.zero(S), b = a, c = a, e = a;
        for (int t = 0, v = d; t < length; t++, v += rowLength) {
            a = FloatVector.fromArray(S, values, v + v0).fma(FloatVector.broadcast(S, weights[w0 + t]), a);
            b = FloatVector.fromArray(S, values, v + v1).fma(FloatVector.broadcast(S, weights[w1 + t]), b);
            c = FloatVector.fromArray(S, values, v + v2).fma(FloatVector.broadcast(S, weights[w2 + t]), c);
            e = FloatVector.fromArray(S, values, v + v3).fma(FloatVector.broadcast(S, weights[w3 + t]), e);
        }
        a.mul(weights[inverseSums + h0]).intoArray(out, outOff + h0 * headDim + d);
        b.mul(weights[inverseSums + h1]).intoArray(out, outOff + h1 * headDim + d);
        c.mul(weights[inverseSums + h2]).intoArray(out, outOff + h2 * headDim + d);
        e.mul(weights[inverseSums + h3]).intoArray(out, outOff + h3 * headDim + d);
    }
}
