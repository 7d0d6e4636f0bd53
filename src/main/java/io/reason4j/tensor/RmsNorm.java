package io.reason4j.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Root-mean-square layer norm (Zhang &amp; Sennrich 2019) as Llama/Qwen2 use it:
 * {@code y = w * (x / sqrt(mean(x²) + eps))}, with the scaling done before the weight, as in Hugging
 * Face's LlamaRMSNorm.
 *
 * <p>Activations are in column layout: {@code x[f * ld + t]} is feature f of token t. Sums run over
 * features while the vector lanes run over tokens, so every access is contiguous.
 */
public final class RmsNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Below this many elements one thread does the whole norm: a hand-off would cost more. */
    private static final int PARALLEL_ELEMENTS = 1 << 15;

    private RmsNorm() {}

    /**
     * x is (features, ld) with {@code count} valid columns; y gets the same shape; weight has
     * {@code features} floats; invRms (count) receives 1/sqrt(mean(x²)+eps) for each token. Split
     * between the {@link WorkerPool}'s threads when large; not to be called from inside a pool task.
     */
    public static void forward(float[] x, float[] y, int features, int count, int ld, MemorySegment weight,
                               float eps, float[] invRms) {
        parallel(features, count, (from, to) -> forward(x, y, features, from, to, ld, weight, eps, invRms));
    }

    /** Columns [from, to) only, so that threads can split the tokens; from must be a multiple of the vector length. */
    public static void forward(float[] x, float[] y, int features, int from, int to, int ld, MemorySegment weight,
                               float eps, float[] invRms) {
        java.util.Arrays.fill(invRms, from, to, 0f);
        int count = to, bound = from + S.loopBound(to - from);
        for (int f = 0; f < features; f++) {
            int row = f * ld, t = from;
            for (; t < bound; t += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, row + t);
                v.fma(v, FloatVector.fromArray(S, invRms, t)).intoArray(invRms, t);
            }
            // Fused like the vector lanes, so a token's result does not depend on its column.
            for (; t < count; t++) invRms[t] = Math.fma(x[row + t], x[row + t], invRms[t]);
        }
        for (int t = from; t < count; t++) invRms[t] = (float) (1.0 / Math.sqrt(invRms[t] / features + eps));
        for (int f = 0; f < features; f++) {
            int row = f * ld, t = from;
            float w = weight.getAtIndex(F, f);
            for (; t < bound; t += S.length()) {
                FloatVector.fromArray(S, x, row + t).mul(FloatVector.fromArray(S, invRms, t)).mul(w)
                        .intoArray(y, row + t);
            }
            for (; t < count; t++) y[row + t] = x[row + t] * invRms[t] * w;
        }
    }

    /**
     * Gradients of {@link #forward}: x, dy, dx are (features, ld), r = invRms (count), w = weight.
     * With n = x·r (the unit-scaled input), {@code dx += r·(w⊙dy) − x·r³·mean_f(w⊙dy⊙x)} and
     * {@code dWeight[f] += Σ_t dy[f,t]·n[f,t]} (the chain rule through mean(x²); llm.c's
     * layernorm_backward without the mean term). Both are accumulated. {@code scratch} needs count
     * floats. Split between the pool's threads: tokens for dx, features for dWeight.
     */
    public static void backward(float[] dy, float[] x, float[] invRms, MemorySegment weight, float[] dx,
                                float[] dWeight, int dWeightOff, int features, int count, int ld, float[] scratch) {
        parallel(features, count, (from, to) -> backwardInput(dy, x, invRms, weight, dx, features, from, to, ld, scratch));
        int parts = features * count >= PARALLEL_ELEMENTS ? WorkerPool.shared().threads() : 1;
        WorkerPool.shared().run(parts, (part, n) -> backwardWeight(dy, x, invRms, dWeight, dWeightOff,
                WorkerPool.splitStart(features, part, n, 1), WorkerPool.splitStart(features, part + 1, n, 1), count, ld));
    }

    private static void backwardInput(float[] dy, float[] x, float[] invRms, MemorySegment weight, float[] dx,
                                      int features, int from, int to, int ld, float[] dot) {
        java.util.Arrays.fill(dot, from, to, 0f);
        int bound = from + S.loopBound(to - from);
        for (int f = 0; f < features; f++) {
            int row = f * ld, t = from;
            float w = weight.getAtIndex(F, f);
            for (; t < bound; t += S.length()) {
                FloatVector g = FloatVector.fromArray(S, dy, row + t).mul(w);
                g.fma(FloatVector.fromArray(S, x, row + t), FloatVector.fromArray(S, dot, t)).intoArray(dot, t);
            }
            for (; t < to; t++) dot[t] = Math.fma(dy[row + t] * w, x[row + t], dot[t]);
        }
        // dot[t] becomes r³·mean_f(w·dy·x), the coefficient of x in dx.
        for (int t = from; t < to; t++) {
            float r = invRms[t];
            dot[t] = r * r * r * dot[t] / features;
        }
        for (int f = 0; f < features; f++) {
            int row = f * ld, t = from;
            float w = weight.getAtIndex(F, f);
            for (; t < bound; t += S.length()) {
                FloatVector r = FloatVector.fromArray(S, invRms, t);
                FloatVector g = FloatVector.fromArray(S, dy, row + t).mul(w).mul(r);
                FloatVector xc = FloatVector.fromArray(S, x, row + t).mul(FloatVector.fromArray(S, dot, t));
                g.sub(xc).add(FloatVector.fromArray(S, dx, row + t)).intoArray(dx, row + t);
            }
            for (; t < to; t++) dx[row + t] += dy[row + t] * w * invRms[t] - x[row + t] * dot[t];
        }
    }

    private static void backwardWeight(float[] dy, float[] x, float[] invRms, float[] dWeight, int dWeightOff,
                                       int f0, int f1, int count, int ld) {
        int bound = S.loopBound(count);
        for (int f = f0; f < f1; f++) {
            int row = f * ld, t = 0;
            FloatVector acc = FloatVector.zero(S);
            for (; t < bound; t += S.length()) {
                FloatVector n = FloatVector.fromArray(S, x, row + t).mul(FloatVector.fromArray(S, invRms, t));
                acc = n.fma(FloatVector.fromArray(S, dy, row + t), acc);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; t < count; t++) sum += x[row + t] * invRms[t] * dy[row + t];
            dWeight[dWeightOff + f] += sum;
        }
    }

    @FunctionalInterface
    private interface TokenRange {
        void run(int from, int to);
    }

    /** Runs over token columns [0, count), split in whole vectors between threads when the work is large. */
    private static void parallel(int features, int count, TokenRange range) {
        int parts = (long) features * count >= PARALLEL_ELEMENTS ? WorkerPool.shared().threads() : 1;
        WorkerPool.shared().run(parts, (part, n) -> range.run(WorkerPool.splitStart(count, part, n, S.length()),
                WorkerPool.splitStart(count, part + 1, n, S.length())));
    }
}
