package io.reason4j.tensor;

import static io.reason4j.tensor.FiniteDifferences.check;
import static io.reason4j.tensor.FiniteDifferences.roundToFloat;
import static io.reason4j.tensor.FiniteDifferences.toFloat;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RmsNormTest {
    static final double EPS = 1e-5;

    /** y[f, t] = w[f]·x[f, t] / sqrt(mean_f x² + eps), in double. */
    static double[] reference(double[] x, double[] w, int features, int count, int ld) {
        double[] y = new double[x.length];
        for (int t = 0; t < count; t++) {
            double sq = 0;
            for (int f = 0; f < features; f++) sq += x[f * ld + t] * x[f * ld + t];
            double r = 1 / Math.sqrt(sq / features + EPS);
            for (int f = 0; f < features; f++) y[f * ld + t] = w[f] * x[f * ld + t] * r;
        }
        return y;
    }

    @ParameterizedTest(name = "{0} features, {1} tokens")
    @CsvSource({"7, 5", "64, 37", "130, 300"})
    void gradientsMatchCentralDifferences(int features, int count) {
        SplittableRandom r = new SplittableRandom(features * 31L + count);
        int ld = count + 5;
        double[] x = roundToFloat(FiniteDifferences.random(r, features * ld, 2));
        double[] w = roundToFloat(FiniteDifferences.random(r, features, 1.5));
        double[] weights = FiniteDifferences.random(r, features * ld, 1);
        for (int f = 0; f < features; f++) for (int t = count; t < ld; t++) weights[f * ld + t] = 0;
        float[] y = new float[x.length], invRms = new float[ld];
        MemorySegment ws = MemorySegment.ofArray(toFloat(w));
        RmsNorm.forward(toFloat(x), y, features, count, ld, ws, (float) EPS, invRms);
        double[] expected = reference(x, w, features, count, ld);
        for (int i = 0; i < x.length; i++) if (i % ld < count) assertThat((double) y[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));

        float[] dx = new float[x.length], dw = new float[features + 3];
        java.util.Arrays.fill(dx, 0.25f); // backward accumulates: start from something
        dw[1] = 0.5f;
        // as threads would split them: the input gradient by token ranges, the weight gradient by feature ranges
        float[] dy = toFloat(weights), xf = toFloat(x), scratch = new float[ld];
        int split = Math.min(count, 16), featureSplit = features / 2;
        RmsNorm.backwardInput(dy, xf, invRms, ws, dx, features, 0, split, ld, scratch);
        RmsNorm.backwardInput(dy, xf, invRms, ws, dx, features, split, count, ld, scratch);
        RmsNorm.backwardWeight(dy, xf, invRms, dw, 1, 0, featureSplit, count, ld);
        RmsNorm.backwardWeight(dy, xf, invRms, dw, 1, featureSplit, features, count, ld);
        for (int i = 0; i < dx.length; i++) dx[i] -= 0.25f;
        dw[1] -= 0.5f;
        check("dx", v -> FiniteDifferences.dot(weights, reference(v, w, features, count, ld)), x, dx, 80, i -> i % ld < count, 1);
        float[] dwOnly = java.util.Arrays.copyOfRange(dw, 1, 1 + features);
        check("dw", v -> FiniteDifferences.dot(weights, reference(x, v, features, count, ld)), w, dwOnly, 40, i -> true, 2);
        assertThat(dw[0]).isZero();
        assertThat(dw[features + 1]).isZero();
    }
}
