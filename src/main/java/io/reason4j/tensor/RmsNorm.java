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
}
