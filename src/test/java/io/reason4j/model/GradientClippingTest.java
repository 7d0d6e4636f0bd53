package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    /** The exact Euclidean norm: squares summed in BigDecimal, then a 34-digit square root. */
    private static double exactNorm(float[] x) {
        BigDecimal sum = BigDecimal.ZERO;
        for (float f : x) {
            BigDecimal d = new BigDecimal(f);
            sum = sum.add(d.multiply(d));
        }
        return sum.sqrt(MathContext.DECIMAL128).doubleValue();
    }

    private static float[] random(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * scale);
        return x;
    }

    @Test
    void theNormIsTheExactEuclideanNormToDoublePrecision() {
        for (int n : new int[] {0, 1, 7, 1003, 100_000}) {
            float[] x = random(n, n, 3.0);
            assertThat(GradientClipping.globalNorm(x)).as("n=" + n).isCloseTo(exactNorm(x), within(1e-13 * (1 + exactNorm(x))));
        }
        // Tiny and huge values that a float32 sum of squares would lose or overflow.
        float[] extreme = {1e-30f, 3e25f, -4e25f, 1e-30f};
        assertThat(GradientClipping.globalNorm(extreme)).isCloseTo(exactNorm(extreme), within(1e10)).isCloseTo(5e25, within(1e19));
    }

    @Test
    void scalesByMaxNormOverNormPlusEpsilonAsTorchDoes() {
        float[] g = {3, 4};
        double norm = GradientClipping.clipByGlobalNorm(g, 1.0);
        assertThat(norm).isEqualTo(5.0);
        float scale = (float) (1.0 / (5.0 + 1e-6));
        assertThat(g).containsExactly(3 * scale, 4 * scale);

        float[] big = random(1003, 1, 1.0);
        float[] before = big.clone();
        double bigNorm = GradientClipping.clipByGlobalNorm(big, 0.5);
        assertThat(bigNorm).isCloseTo(exactNorm(before), within(1e-12));
        float s = (float) (0.5 / (bigNorm + 1e-6));
        for (int i = 0; i < big.length; i++) assertThat(big[i]).isEqualTo(before[i] * s);
        assertThat(GradientClipping.globalNorm(big)).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void gradientsUnderTheLimitAreLeftUntouched() {
        float[] g = random(1003, 2, 0.01);
        float[] before = g.clone();
        double norm = GradientClipping.clipByGlobalNorm(g, 100.0);
        assertThat(norm).isCloseTo(exactNorm(before), within(1e-15));
        assertThat(g).containsExactly(before);
    }

    @Test
    void aNonFiniteGradientIsReportedByTensorAndNothingIsScaled() {
        ParameterLayout layout = ParameterLayout.of(TestModels.qwen2(37, 24, 1, 4, 2, 28, false), false);
        float[] g = new float[layout.size()];
        java.util.Arrays.fill(g, 100f);
        ParameterLayout.Slot up = layout.slot("model.layers.0.mlp.up_proj.weight");
        g[up.offset() + 5] = Float.NaN;
        float[] before = g.clone();
        assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(layout, g, 1.0))
                .isInstanceOf(NonFiniteGradientException.class)
                .hasMessageContaining("gradient norm is NaN")
                .hasMessageContaining("element 5 of model.layers.0.mlp.up_proj.weight")
                .satisfies(e -> assertThat(((NonFiniteGradientException) e).norm()).isNaN());
        assertThat(g).containsExactly(before);

        float[] inf = {1, Float.NEGATIVE_INFINITY, 2};
        assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(inf, 1.0))
                .isInstanceOf(NonFiniteGradientException.class)
                .hasMessageContaining("norm is Infinity")
                .hasMessageContaining("-Infinity at element 1 of the gradient array");
    }

    @Test
    void aNonPositiveMaxNormIsRefused() {
        assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(new float[1], 0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(new float[1], Double.NaN)).hasMessageContaining("positive");
    }
}
