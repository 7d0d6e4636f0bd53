package io.reason4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Gradient checks: an analytic gradient (from a float32 backward pass) against central differences
 * of a float64 re-implementation of the forward pass written in the test. With step h the central
 * difference errs by O(h²·f''') ≈ 1e-8 here, far below the float32 rounding of the backward pass
 * (~1e-6 relative), so the tolerance only has to cover the latter.
 */
final class FiniteDifferences {
    static final double STEP = 1e-4;

    private FiniteDifferences() {}

    static double derivative(ToDoubleFunction<double[]> loss, double[] x, int i) {
        double keep = x[i];
        x[i] = keep + STEP;
        double up = loss.applyAsDouble(x);
        x[i] = keep - STEP;
        double down = loss.applyAsDouble(x);
        x[i] = keep;
        return (up - down) / (2 * STEP);
    }

    /** Checks {@code count} random indices of x (or all when fewer) among those {@code relevant} accepts. */
    static void check(String what, ToDoubleFunction<double[]> loss, double[] x, float[] analytic, int count,
                      java.util.function.IntPredicate relevant, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int checked = 0;
        for (int attempt = 0; attempt < 20 * count && checked < count; attempt++) {
            int i = x.length <= count ? attempt : r.nextInt(x.length);
            if (i >= x.length) break;
            if (!relevant.test(i)) continue;
            double numeric = derivative(loss, x, i);
            assertThat((double) analytic[i]).as("%s: d loss / d x[%d]", what, i)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-4 * Math.max(1, Math.abs(numeric))));
            checked++;
        }
        assertThat(checked).as(what + ": elements checked").isPositive();
    }

    static double[] random(SplittableRandom r, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = scale * r.nextDouble(-1, 1);
        return x;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    /** Rounds x to float and back, so that the double reference sees exactly the float kernel's inputs. */
    static double[] roundToFloat(double[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = (float) x[i];
        return d;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
