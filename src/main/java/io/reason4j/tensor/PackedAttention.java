package io.reason4j.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal self-attention for training, over rows that pack several documents (Vaswani et al. 2017):
 * {@code out_t = Σ_j softmax_j(q_t·k_j · scale) v_j} over the keys j of t's own document up to t,
 * i.e. flat indices {@code [t - positions[t], t]}. Grouped-query attention (Ainslie et al. 2023):
 * query head h reads kv head {@code h / (heads / kvHeads)}.
 *
 * <p>Everything is in column layout: q and out are (heads·headDim, ld), k and v (kvHeads·headDim,
 * ld), feature-major with tokens contiguous; a row of the batch is a run of {@code length} tokens.
 * The forward keeps only the log-sum-exp of each query's scores; the backward recomputes the
 * probabilities from it, as FlashAttention does (Dao et al. 2022, arXiv:2205.14135, Algorithm 4),
 * so memory stays linear in the row length.
 *
 * <p>Work is cut into blocks of up to {@link #BLOCK} queries [i0, i1) of one head, against the keys
 * [k0, i1) where k0 is the first query's document start. Scores are held transposed, keys × queries,
 * so that the softmax runs down columns with the vector lanes over queries, and every product is
 * a {@link Gemm} on operands read where they lie. Threads split the (row, kv head) pairs; a kv
 * head's gradient collects the whole group of query heads that read it.
 */
public final class PackedAttention {
    /** Queries per block: four vectors of lanes. */
    static final int BLOCK = 64;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int LANES = S.length();

    private final int heads, kvHeads, headDim;
    private final float scale;

    /** Per-thread tiles of keys × BLOCK (the probabilities and their gradient), two values per query, two window bounds per lane. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[0], new float[2 * BLOCK], new float[2 * LANES]});

    public PackedAttention(int heads, int kvHeads, int headDim) {
        if (heads % kvHeads != 0) throw new IllegalArgumentException(heads + " query heads cannot share " + kvHeads + " kv heads evenly");
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
    }

    /**
     * q (heads·headDim, ld), k, v (kvHeads·headDim, ld) → out (heads·headDim, ld) and
     * lse (heads, ld): the log-sum-exp of each query's scaled scores, kept for {@link #backward}.
     */
    public void forward(float[] q, float[] k, float[] v, float[] out, float[] lse, int[] positions,
                        int rows, int length, int ld) {
        MemorySegment ks = MemorySegment.ofArray(k), vs = MemorySegment.ofArray(v);
        forEachRowAndKvHead(rows, length, (row, g, p) -> {
            for (int h = g * group(); h < (g + 1) * group(); h++) {
                for (int i0 = row * length; i0 < (row + 1) * length; i0 += BLOCK) {
                    int i1 = Math.min(i0 + BLOCK, (row + 1) * length), k0 = i0 - positions[i0], nk = i1 - k0, bq = i1 - i0;
                    scores(ks, q, g, h, k0, i0, nk, bq, ld, p[0]);
                    float[] inverseSums = p[1]; // the gradient tile is free in the forward pass
                    exponentials(p[0], nk, bq, k0, i0, positions, p[2], inverseSums, p[3]);
                    System.arraycopy(p[2], 0, lse, h * ld + i0, bq);
                    // out[:, i0:i1] = V[:, k0:i1] · Eᵀ, then each query's column divided by its Σ_j e
                    int outOff = h * headDim * ld + i0;
                    Gemm.multiplyOnThisThread(Gemm.Transpose.NONE, vs, (long) g * headDim * ld + k0, ld, p[0], 0, BLOCK,
                            out, outOff, ld, headDim, bq, nk, false);
                    scaleColumns(out, outOff, bq, ld, inverseSums);
                }
            }
        });
    }

    /**
     * Gradients of {@link #forward}: dOut like out → dq like q (overwritten), dk and dv like k and v
     * (overwritten). With P recomputed from lse, {@code dP = dOut·V}, {@code D_i = dOut_i·out_i}
     * and {@code dS = P ⊙ (dP − D)}: {@code dq = scale·dS·K}, {@code dk = scale·dSᵀ·Q},
     * {@code dv = Pᵀ·dOut} (Dao et al. 2022, Algorithm 4).
     */
    public void backward(float[] dOut, float[] q, float[] k, float[] v, float[] out, float[] lse,
                         float[] dq, float[] dk, float[] dv, int[] positions, int rows, int length, int ld) {
        MemorySegment qs = MemorySegment.ofArray(q), ks = MemorySegment.ofArray(k), vs = MemorySegment.ofArray(v);
        MemorySegment dOuts = MemorySegment.ofArray(dOut);
        forEachRowAndKvHead(rows, length, (row, g, p) -> {
            for (int d = g * headDim; d < (g + 1) * headDim; d++) {
                java.util.Arrays.fill(dk, d * ld + row * length, d * ld + (row + 1) * length, 0f);
                java.util.Arrays.fill(dv, d * ld + row * length, d * ld + (row + 1) * length, 0f);
            }
            float[] prob = p[0], grad = p[1], perQuery = p[2];
            for (int h = g * group(); h < (g + 1) * group(); h++) {
                for (int i0 = row * length; i0 < (row + 1) * length; i0 += BLOCK) {
                    int i1 = Math.min(i0 + BLOCK, (row + 1) * length), k0 = i0 - positions[i0], nk = i1 - k0, bq = i1 - i0;
                    long qOff = (long) h * headDim * ld + i0, kvOff = (long) g * headDim * ld + k0;
                    scores(ks, q, g, h, k0, i0, nk, bq, ld, prob);
                    // dPᵀ = Vᵀ · dOut[:, i0:i1]   (keys × queries)
                    Gemm.multiplyOnThisThread(Gemm.Transpose.A, vs, kvOff, ld, dOut, (int) qOff, ld, grad, 0, BLOCK,
                            nk, bq, headDim, false);
                    System.arraycopy(lse, h * ld + i0, perQuery, 0, bq);
                    rowDots(dOut, out, (int) qOff, bq, ld, perQuery, BLOCK);
                    probabilitiesAndScoreGradient(prob, grad, nk, bq, k0, i0, positions, perQuery, p[3]);
                    // dq[:, i0:i1] = K[:, k0:i1] · dSᵀ;  dk[:, k0:i1] += Q[:, i0:i1] · dS;  dv[:, k0:i1] += dOut[:, i0:i1] · P
                    Gemm.multiplyOnThisThread(Gemm.Transpose.NONE, ks, kvOff, ld, grad, 0, BLOCK, dq, (int) qOff, ld,
                            headDim, bq, nk, false);
                    Gemm.multiplyOnThisThread(Gemm.Transpose.B, qs, qOff, ld, grad, 0, BLOCK, dk, (int) kvOff, ld,
                            headDim, nk, bq, true);
                    Gemm.multiplyOnThisThread(Gemm.Transpose.B, dOuts, qOff, ld, prob, 0, BLOCK, dv, (int) kvOff, ld,
                            headDim, nk, bq, true);
                }
            }
        });
    }

    private int group() {
        return heads / kvHeads;
    }

    /** Sᵀ[j, i] = k_{k0+j} · q_{i0+i} (unscaled), keys × queries with leading dimension BLOCK. */
    private void scores(MemorySegment k, float[] q, int g, int h, int k0, int i0, int nk, int bq, int ld, float[] s) {
        Gemm.multiplyOnThisThread(Gemm.Transpose.A, k, (long) g * headDim * ld + k0, ld, q, h * headDim * ld + i0, ld,
                s, 0, BLOCK, nk, bq, headDim, false);
    }

    /**
     * Whether key j (relative to k0) is in the window of each lane's query i0 + i, i = lane0 + lane:
     * {@code start ≤ k0 + j ≤ i0 + i}. Lanes past bq get an empty window.
     */
    private static void window(int[] positions, int k0, int i0, int bq, int lane0, float[] bounds) {
        for (int lane = 0; lane < LANES; lane++) {
            int i = lane0 + lane;
            bounds[lane] = i < bq ? i0 + i - positions[i0 + i] - k0 : Float.MAX_VALUE;
            bounds[LANES + lane] = i < bq ? i0 + i - k0 : -1f;
        }
    }

    /**
     * Scores (nk × bq) into e = exp(scale·s − max) down each column, in place (zero outside the
     * window); lseOut[i] = log Σ_j exp(scale·s) and inverseSums[i] = 1 / Σ_j e. Leaving the division
     * to the output (headDim rows) saves a pass over the tile (nk rows).
     */
    private void exponentials(float[] s, int nk, int bq, int k0, int i0, int[] positions, float[] lseOut,
                              float[] inverseSums, float[] bounds) {
        for (int lane0 = 0; lane0 < bq; lane0 += LANES) {
            window(positions, k0, i0, bq, lane0, bounds);
            FloatVector low = FloatVector.fromArray(S, bounds, 0), high = FloatVector.fromArray(S, bounds, LANES);
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < nk; j++) {
                VectorMask<Float> in = inWindow(low, high, j);
                max = max.blend(max.max(FloatVector.fromArray(S, s, j * BLOCK + lane0)), in);
            }
            FloatVector sum = FloatVector.zero(S), scaledMax = max.mul(scale);
            for (int j = 0; j < nk; j++) {
                VectorMask<Float> in = inWindow(low, high, j);
                FloatVector e = VectorExp.exp(FloatVector.fromArray(S, s, j * BLOCK + lane0).mul(scale).sub(scaledMax));
                e = FloatVector.zero(S).blend(e, in);
                sum = sum.add(e);
                e.intoArray(s, j * BLOCK + lane0);
            }
            // Every real query sees at least itself, so sum ≥ 1; empty padding lanes keep zeros.
            FloatVector.broadcast(S, 1f).div(sum.max(1f)).intoArray(inverseSums, lane0);
            for (int lane = 0; lane < LANES && lane0 + lane < bq; lane++) {
                lseOut[lane0 + lane] = scaledMax.lane(lane) + (float) Math.log(sum.lane(lane));
            }
        }
    }

    /** x[f, off + i] *= factor[i] for the head's features f and queries i &lt; bq. */
    private void scaleColumns(float[] x, int off, int bq, int ld, float[] factor) {
        for (int f = 0; f < headDim; f++) {
            int row = off + f * ld, i = 0;
            for (; i + LANES <= bq; i += LANES) {
                FloatVector.fromArray(S, x, row + i).mul(FloatVector.fromArray(S, factor, i)).intoArray(x, row + i);
            }
            for (; i < bq; i++) x[row + i] *= factor[i];
        }
    }

    /**
     * From the scores (nk × bq, in s) and dPᵀ (in dp): P = exp(scale·s − lse) inside each query's
     * window, 0 outside, into s; and dSᵀ = scale · P ⊙ (dPᵀ − D) into dp. perQuery holds lse[i] at i
     * and D[i] at BLOCK + i. Lanes past bq have P = 0, so their dS is 0 too.
     */
    private void probabilitiesAndScoreGradient(float[] s, float[] dp, int nk, int bq, int k0, int i0, int[] positions,
                                               float[] perQuery, float[] bounds) {
        for (int lane0 = 0; lane0 < bq; lane0 += LANES) {
            window(positions, k0, i0, bq, lane0, bounds);
            FloatVector low = FloatVector.fromArray(S, bounds, 0), high = FloatVector.fromArray(S, bounds, LANES);
            FloatVector lse = FloatVector.fromArray(S, perQuery, lane0), d = FloatVector.fromArray(S, perQuery, BLOCK + lane0);
            for (int j = 0; j < nk; j++) {
                int at = j * BLOCK + lane0;
                FloatVector e = VectorExp.exp(FloatVector.fromArray(S, s, at).mul(scale).sub(lse));
                e = FloatVector.zero(S).blend(e, inWindow(low, high, j));
                e.intoArray(s, at);
                FloatVector.fromArray(S, dp, at).sub(d).mul(e).mul(scale).intoArray(dp, at);
            }
        }
    }

    private static VectorMask<Float> inWindow(FloatVector low, FloatVector high, int j) {
        return low.compare(VectorOperators.LE, j).and(high.compare(VectorOperators.GE, j));
    }

    /** d[dOff + i] = Σ_f dOut[f, i] · out[f, i] over the head's features, for the bq queries at column offset off. */
    private void rowDots(float[] dOut, float[] out, int off, int bq, int ld, float[] d, int dOff) {
        java.util.Arrays.fill(d, dOff, dOff + BLOCK, 0f);
        for (int f = 0; f < headDim; f++) {
            int row = off + f * ld, i = 0;
            for (; i + LANES <= bq; i += LANES) {
                FloatVector.fromArray(S, dOut, row + i).fma(FloatVector.fromArray(S, out, row + i), FloatVector.fromArray(S, d, dOff + i))
                        .intoArray(d, dOff + i);
            }
            for (; i < bq; i++) d[dOff + i] = Math.fma(dOut[row + i], out[row + i], d[dOff + i]);
        }
    }

    @FunctionalInterface
    private interface RowHeadTask {
        /** scratch: [0] and [1] tiles of at least length × BLOCK floats, [2] two floats per query, [3] window bounds. */
        void run(int row, int kvHead, float[][] scratch);
    }

    private void forEachRowAndKvHead(int rows, int length, RowHeadTask task) {
        int tasks = rows * kvHeads;
        WorkerPool.shared().run(tasks, (part, n) -> {
            float[][] scratch = SCRATCH.get();
            if (scratch[0].length < length * BLOCK) {
                scratch = new float[][] {new float[length * BLOCK], new float[length * BLOCK], scratch[2], scratch[3]};
                SCRATCH.set(scratch);
            }
            for (int i = WorkerPool.splitStart(tasks, part, n, 1), end = WorkerPool.splitStart(tasks, part + 1, n, 1); i < end; i++) {
                task.run(i / kvHeads, i % kvHeads, scratch);
            }
        });
    }
}
