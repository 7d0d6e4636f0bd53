package io.reason4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cached-decoding attention kernel against the definition in float64: one token's query heads
 * over keys and values written where {@link Attention#keyIndex} and {@link Attention#valueIndex}
 * put them. Cases cover whole and partial key blocks, head counts that are and are not multiples of
 * the four heads the kernel takes at once, grouped-query sharing (2 and 7 query heads per kv head),
 * and head sizes with whole groups of four vectors, single vectors and single dimensions. Padding
 * and the unused capacity hold huge values that must not reach the result.
 */
class AttentionTest {

    @ParameterizedTest(name = "length {0}, {1} heads over {2} kv heads of {3}")
    @CsvSource({"1, 4, 4, 64", "15, 4, 4, 64", "16, 4, 4, 64", "17, 4, 4, 64", "66, 4, 4, 64", "116, 4, 4, 64",
                "66, 8, 2, 64", "30, 14, 2, 64", "40, 3, 3, 64", "9, 5, 5, 128", "50, 4, 2, 32", "33, 6, 3, 6",
                "20, 2, 1, 80", "7, 1, 1, 16"})
    void matchesTheDefinition(int length, int heads, int kvHeads, int headDim) {
        SplittableRandom r = new SplittableRandom(length * 31L + heads * 7L + headDim);
        int capacity = Attention.paddedLength(length) + Attention.BLOCK, kvDim = kvHeads * headDim, group = heads / kvHeads;
        float[] q = new float[heads * headDim + 5], keys = new float[capacity * kvDim], values = new float[capacity * kvDim];
        double[][][] k = new double[kvHeads][length][headDim], v = new double[kvHeads][length][headDim];
        for (int i = 0; i < heads * headDim; i++) q[5 + i] = (float) r.nextDouble(-2, 2);
        // Positions at and past `length` get values that would dominate the softmax if they were read.
        java.util.Arrays.fill(keys, 1e4f);
        java.util.Arrays.fill(values, 1e4f);
        for (int t = 0; t < length; t++) {
            for (int g = 0; g < kvHeads; g++) {
                for (int d = 0; d < headDim; d++) {
                    float key = (float) r.nextDouble(-2, 2), value = (float) r.nextDouble(-1, 1);
                    keys[Attention.keyIndex(t, g, d, kvHeads, headDim)] = key;
                    values[Attention.valueIndex(t, g, d, kvHeads, headDim)] = value;
                    k[g][t][d] = key;
                    v[g][t][d] = value;
                }
            }
        }
        float scale = (float) (1 / Math.sqrt(headDim));
        float[] out = new float[heads * headDim + 3];
        Attention.attend(q, 5, keys, values, length, heads, kvHeads, headDim, scale,
                new float[Attention.scratchLength(length, heads)], out, 3);

        for (int h = 0; h < heads; h++) {
            int g = h / group;
            double[] s = new double[length];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int t = 0; t < length; t++) {
                for (int d = 0; d < headDim; d++) s[t] += q[5 + h * headDim + d] * k[g][t][d];
                s[t] *= scale;
                max = Math.max(max, s[t]);
            }
            for (int t = 0; t < length; t++) sum += Math.exp(s[t] - max);
            for (int d = 0; d < headDim; d++) {
                double expected = 0;
                for (int t = 0; t < length; t++) expected += Math.exp(s[t] - max) / sum * v[g][t][d];
                assertThat((double) out[3 + h * headDim + d]).as("head %d, dimension %d", h, d)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-6));
            }
        }
    }
}
