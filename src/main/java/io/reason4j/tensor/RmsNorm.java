package io.reason4j.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
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

    private RmsNorm() {}

    /**
     * x is (features, ld) with {@code count} valid columns; y gets the same shape; weight has
     * {@code features} floats; invRms (count) receives 1/sqrt(mean(x²)+eps) for each token.
     */
    public static void forward(float[] x, float[] y, int features, int count, int ld, MemorySegment weight,
                               float eps, float[] invRms) {
        forward(x, y, features, 0, count, ld, weight, eps, invRms);
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
     * Input gradient of {@link #forward} for token columns [from, to) (from a multiple of the vector
     * length): x, dy, dx are (features, ld), r = invRms, w = weight. With n = x·r the unit-scaled
     * input, {@code dx += r·(w⊙dy) − x·r³·mean_f(w⊙dy⊙x)} (the chain rule through mean(x²);
     * llm.c's layernorm_backward without the mean term). {@code scratch} needs a float per token.
     */
    public static void backwardInput(float[] dy, float[] x, float[] invRms, MemorySegment weight, float[] dx,
                                     int features, int from, int to, int ld, float[] scratch) {
        float[] dot = scratch;
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

    /** Weight gradient of {@link #forward} for features [f0, f1): {@code dWeight[f] += Σ_t dy[f,t]·x[f,t]·r[t]} over all count tokens. */
    public static void backwardWeight(float[] dy, float[] x, float[] invRms, float[] dWeight, int dWeightOff,
                                      int f0, int f1, int count, int ld) {
        int bound = S.loopBound(count);
        for (int f = f0; f < f1; f++) {
            int row = f * ld, t = 0;
            FloatVector acc = FloatVector.zero(S);
            for (; t < bound; t += S.length()) {
                FloatVector n = FloatVector.fromArray(S, x, row + t).mul(FloatVector.fromArray(S, invRms, t));
                acc = n.fma(FloatVector.fromArray(S, dy, row + t), acc);
            }
            float sum = LaneSum.sum(acc);
            for (; t < count; t++) sum += x[row + t] * invRms[t] * dy[row + t];
            dWeight[dWeightOff + f] += sum;
        }
    }
}
