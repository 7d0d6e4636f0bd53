package io.reason4j.tensor;

import static io.reason4j.tensor.FiniteDifferences.check;
import static io.reason4j.tensor.FiniteDifferences.roundToFloat;
import static io.reason4j.tensor.FiniteDifferences.toFloat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Packed causal attention against a float64 loop over each query's window, and its gradient against central differences of that loop. */
class PackedAttentionTest {

    /** out (heads·headDim, ld) of the definition: per query, softmax over its document's keys up to itself. */
    static double[] reference(double[] q, double[] k, double[] v, int[] positions, int count, int ld,
                              int heads, int kvHeads, int headDim, double[] lse) {
        double[] out = new double[heads * headDim * ld];
        double scale = 1 / Math.sqrt(headDim);
        for (int h = 0; h < heads; h++) {
            int g = h / (heads / kvHeads);
            for (int t = 0; t < count; t++) {
                int start = t - positions[t];
                double[] s = new double[t - start + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = start; j <= t; j++) {
                    double dot = 0;
                    for (int d = 0; d < headDim; d++) dot += q[(h * headDim + d) * ld + t] * k[(g * headDim + d) * ld + j];
                    s[j - start] = dot * scale;
                    max = Math.max(max, s[j - start]);
                }
                double sum = 0;
                for (int j = 0; j < s.length; j++) sum += Math.exp(s[j] - max);
                if (lse != null) lse[h * ld + t] = max + Math.log(sum);
                for (int d = 0; d < headDim; d++) {
                    double acc = 0;
                    for (int j = start; j <= t; j++) acc += Math.exp(s[j - start] - max) / sum * v[(g * headDim + d) * ld + j];
                    out[(h * headDim + d) * ld + t] = acc;
                }
            }
        }
        return out;
    }

    /** Rows of {@code length} tokens, each packing documents of random lengths (the last one cut by the row end). */
    static int[] packedPositions(int rows, int length, int maxDocument, SplittableRandom r) {
        int[] positions = new int[rows * length];
        for (int row = 0; row < rows; row++) {
            int docLeft = 0, pos = 0;
            for (int i = 0; i < length; i++) {
                if (docLeft == 0) {
                    docLeft = 1 + r.nextInt(maxDocument);
                    pos = 0;
                }
                positions[row * length + i] = pos++;
                docLeft--;
            }
        }
        return positions;
    }

    @ParameterizedTest(name = "rows {0}, length {1}, heads {2}/{3}, headDim {4}, documents up to {5}")
    @CsvSource({"2, 70, 4, 2, 8, 30", "1, 150, 2, 2, 16, 200", "3, 9, 3, 1, 4, 5"})
    void forwardMatchesTheDefinitionAndBackwardMatchesCentralDifferences(int rows, int length, int heads, int kvHeads,
                                                                         int headDim, int maxDocument) {
        SplittableRandom r = new SplittableRandom(rows * 1000L + length);
        int count = rows * length, ld = count + 3;
        int[] positions = packedPositions(rows, length, maxDocument, r);
        double[] q = roundToFloat(FiniteDifferences.random(r, heads * headDim * ld, 1.5));
        double[] k = roundToFloat(FiniteDifferences.random(r, kvHeads * headDim * ld, 1.5));
        double[] v = roundToFloat(FiniteDifferences.random(r, kvHeads * headDim * ld, 1));
        double[] weights = FiniteDifferences.random(r, heads * headDim * ld, 1);
        for (int f = 0; f < heads * headDim; f++) for (int t = count; t < ld; t++) weights[f * ld + t] = 0;

        PackedAttention attention = new PackedAttention(heads, kvHeads, headDim);
        float[] out = new float[heads * headDim * ld], lse = new float[heads * ld];
        attention.forward(toFloat(q), toFloat(k), toFloat(v), out, lse, positions, rows, length, ld);
        double[] expectedLse = new double[heads * ld];
        double[] expected = reference(q, k, v, positions, count, ld, heads, kvHeads, headDim, expectedLse);
        for (int f = 0; f < heads * headDim; f++) {
            for (int t = 0; t < count; t++) assertThat((double) out[f * ld + t]).as("out[%d, %d]", f, t).isCloseTo(expected[f * ld + t], org.assertj.core.data.Offset.offset(1e-5));
        }
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < count; t++) assertThat((double) lse[h * ld + t]).isCloseTo(expectedLse[h * ld + t], org.assertj.core.data.Offset.offset(1e-5));
        }

        float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
        attention.backward(toFloat(weights), toFloat(q), toFloat(k), toFloat(v), out, lse, dq, dk, dv, positions, rows, length, ld);
        java.util.function.IntPredicate inBatch = i -> i % ld < count;
        check("dq", x -> FiniteDifferences.dot(weights, reference(x, k, v, positions, count, ld, heads, kvHeads, headDim, null)),
                q, dq, 60, inBatch, 1);
        check("dk", x -> FiniteDifferences.dot(weights, reference(q, x, v, positions, count, ld, heads, kvHeads, headDim, null)),
                k, dk, 60, inBatch, 2);
        check("dv", x -> FiniteDifferences.dot(weights, reference(q, k, x, positions, count, ld, heads, kvHeads, headDim, null)),
                v, dv, 60, inBatch, 3);
    }
}
