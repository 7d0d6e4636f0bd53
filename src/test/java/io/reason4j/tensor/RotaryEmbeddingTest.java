package io.reason4j.tensor;

import static io.reason4j.tensor.FiniteDifferences.check;
import static io.reason4j.tensor.FiniteDifferences.toFloat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RotaryEmbeddingTest {

    /** HF's rotate-half RoPE in double: out = x·cos + rotate_half(x)·sin, angles position·invFreq[i]. */
    static double[] reference(double[] x, double[] invFreq, int[] positions, int heads, int count, int ld) {
        int half = invFreq.length, d = 2 * half;
        double[] y = x.clone();
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int t = 0; t < count; t++) {
                    double a = positions[t] * invFreq[i], x1 = x[(h * d + i) * ld + t], x2 = x[(h * d + i + half) * ld + t];
                    y[(h * d + i) * ld + t] = x1 * Math.cos(a) - x2 * Math.sin(a);
                    y[(h * d + i + half) * ld + t] = x2 * Math.cos(a) + x1 * Math.sin(a);
                }
            }
        }
        return y;
    }

    @Test
    void columnRotationMatchesTheDefinitionAndTheInferencePathAndItsBackwardMatchesCentralDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        int heads = 3, headDim = 8, count = 45, ld = 50;
        double[] invFreq = new double[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) invFreq[i] = Math.pow(10000, -2.0 * i / headDim);
        int[] positions = new int[count];
        for (int t = 0; t < count; t++) positions[t] = t < 20 ? t : 300 + t; // two runs, one far out
        double[] x = FiniteDifferences.roundToFloat(FiniteDifferences.random(r, heads * headDim * ld, 1));
        RotaryEmbedding rope = new RotaryEmbedding(invFreq);
        float[] cos = new float[headDim / 2 * ld], sin = new float[headDim / 2 * ld];
        rope.columnTables(positions, count, ld, cos, sin);

        float[] y = toFloat(x);
        RotaryEmbedding.rotateForward(y, heads, headDim, 0, 16, ld, cos, sin);
        RotaryEmbedding.rotateForward(y, heads, headDim, 16, count, ld, cos, sin);
        double[] expected = reference(x, invFreq, positions, heads, count, ld);
        float[] inference = toFloat(x);
        rope.applyHeads(inference, 0, heads, count, ld, positions);
        for (int i = 0; i < y.length; i++) {
            if (i % ld >= count) continue;
            assertThat((double) y[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
            assertThat(y[i]).isEqualTo(inference[i]);
        }

        double[] weights = FiniteDifferences.random(r, x.length, 1);
        float[] dx = toFloat(weights);
        RotaryEmbedding.rotateBackward(dx, heads, headDim, 0, count, ld, cos, sin);
        check("dx", v -> FiniteDifferences.dot(weights, reference(v, invFreq, positions, heads, count, ld)), x, dx, 100,
                i -> i % ld < count, 1);
    }
}
