package io.reason4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cached-decoding attention kernel against the definition in float64: one query over keys and
 * values written where {@link Attention#keyIndex} and the position-major value layout put them.
 * Lengths cover whole groups of four key blocks, the one-block-at-a-time tail after them, and
 * partial blocks, whose padding holds huge values that must not reach the result.
 */
class AttentionTest {

    @ParameterizedTest
    @CsvSource({"1, 64", "15, 64", "16, 64", "17, 64", "63, 64", "64, 64", "66, 64", "80, 64", "116, 64",
                "7, 32", "50, 32", "33, 6"})
    void matchesTheDefinition(int length, int headDim) {
        SplittableRandom r = new SplittableRandom(length * 31L + headDim);
        int padded = Attention.paddedLength(length);
        float[] q = new float[headDim], keys = new float[padded * headDim], values = new float[padded * headDim];
        double[][] k = new double[length][headDim], v = new double[length][headDim];
        for (int d = 0; d < headDim; d++) q[d] = (float) r.nextDouble(-2, 2);
        // Padding positions get values that would dominate the softmax if they were not excluded.
        java.util.Arrays.fill(keys, 1e4f);
        java.util.Arrays.fill(values, 1e4f);
        for (int t = 0; t < length; t++) {
            for (int d = 0; d < headDim; d++) {
                float key = (float) r.nextDouble(-2, 2), value = (float) r.nextDouble(-1, 1);
                keys[Attention.keyIndex(t, d, headDim)] = key;
                values[t * headDim + d] = value;
                k[t][d] = key;
                v[t][d] = value;
            }
        }
        float scale = (float) (1 / Math.sqrt(headDim));
        float[] out = new float[headDim + 3];
        Attention.attend(q, 0, keys, 0, values, 0, length, headDim, scale, new float[padded], out, 3);

        double[] s = new double[length];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int t = 0; t < length; t++) {
            for (int d = 0; d < headDim; d++) s[t] += q[d] * k[t][d];
            s[t] *= scale;
            max = Math.max(max, s[t]);
        }
        for (int t = 0; t < length; t++) sum += Math.exp(s[t] - max);
        for (int d = 0; d < headDim; d++) {
            double expected = 0;
            for (int t = 0; t < length; t++) expected += Math.exp(s[t] - max) / sum * v[t][d];
            assertThat((double) out[3 + d]).as("dimension %d", d).isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-6));
        }
    }
}
