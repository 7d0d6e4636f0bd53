package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdamWTest {

    /** A tiny Qwen2 with a value head: matrices, norm weights, q/k/v biases, and the one-element score.bias. */
    private static final ParameterLayout LAYOUT = ParameterLayout.of(TestModels.qwen2(37, 24, 1, 4, 2, 28, false), true);

    /**
     * torch.optim.AdamW's documented algorithm
     * (https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html), written out in double
     * precision, one element at a time:
     * θ ← θ − γλθ; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ); θ ← θ − γ m̂/(√v̂ + ε).
     */
    private static final class DoubleAdamW {
        final double[] theta, m, v;
        final boolean[] decays;
        final double beta1, beta2, eps, weightDecay;
        int t;

        DoubleAdamW(float[] params, boolean[] decays, double beta1, double beta2, double eps, double weightDecay) {
            theta = new double[params.length];
            for (int i = 0; i < params.length; i++) theta[i] = params[i];
            m = new double[params.length];
            v = new double[params.length];
            this.decays = decays;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
        }

        void step(float[] grads, double lr) {
            t++;
            for (int i = 0; i < theta.length; i++) {
                double g = grads[i];
                if (decays[i]) theta[i] -= lr * weightDecay * theta[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat = v[i] / (1 - Math.pow(beta2, t));
                theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
    }

    /** Which elements decay, decided from the names alone: norm weights and biases do not. */
    private static boolean[] decayByName(ParameterLayout layout, boolean all) {
        boolean[] out = new boolean[layout.size()];
        for (ParameterLayout.Slot s : layout.slots()) {
            boolean decays = all || !(s.name().endsWith("norm.weight") || s.name().endsWith(".bias"));
            Arrays.fill(out, s.offset(), s.offset() + s.size(), decays);
        }
        return out;
    }

    /** Random values on the layout's elements, zero in the alignment padding between them. */
    private static float[] random(ParameterLayout layout, SplittableRandom r, double scale) {
        float[] out = new float[layout.size()];
        for (ParameterLayout.Slot s : layout.slots()) {
            for (int i = 0; i < s.size(); i++) out[s.offset() + i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return out;
    }

    private static void assertClose(float[] actual, double[] expected, double relative, double absolute, String what) {
        for (int i = 0; i < expected.length; i++) {
            double tolerance = absolute + relative * Math.abs(expected[i]);
            if (Math.abs(actual[i] - expected[i]) > tolerance) {
                throw new AssertionError(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i] + " ± " + tolerance);
            }
        }
    }

    private static void runAgainstDoubleReference(AdamW.Options o, double gradScale) {
        SplittableRandom r = new SplittableRandom(11);
        float[] params = random(LAYOUT, r, 1.0);
        AdamW adamw = new AdamW(LAYOUT, o);
        DoubleAdamW reference = new DoubleAdamW(params, decayByName(LAYOUT, o.decayAll()), o.beta1(), o.beta2(), o.eps(),
                o.weightDecay());
        double[] lrs = {1e-2, 3e-2, 2e-2, 5e-3, 1e-2, 0.0};
        for (double lr : lrs) {
            float[] grads = random(LAYOUT, r, gradScale);
            adamw.step(params, grads, lr);
            reference.step(grads, lr);
        }
        assertThat(adamw.steps()).isEqualTo(lrs.length);
        assertClose(params, reference.theta, 2e-6, 1e-7, "θ");
        // The moments are sums of terms of either sign: their rounding error scales with the terms, not the sum.
        assertClose(adamw.expAvg(), reference.m, 1e-6, 1e-7 * gradScale, "m");
        assertClose(adamw.expAvgSq(), reference.v, 1e-6, 1e-7 * gradScale * gradScale, "v");
    }

    @Test
    void matchesTorchsAlgorithmInDoubleWithDefaultOptions() {
        runAgainstDoubleReference(AdamW.Options.DEFAULTS, 1.0);
    }

    @Test
    void matchesTorchsAlgorithmWithStrongDecayAndAnEpsThatMatters() {
        // Gradients of order eps, so that adding eps to √v̂ rather than to v̂ (or leaving it out) shows.
        runAgainstDoubleReference(new AdamW.Options(0.8, 0.95, 1e-3, 0.5, false), 1e-3);
    }

    @Test
    void decayAllDecaysNormsAndBiasesToo() {
        runAgainstDoubleReference(new AdamW.Options(0.9, 0.99, 1e-8, 0.5, true), 1.0);
    }

    @Test
    void firstStepIsDecayThenLrTimesTheSignOfTheGradient() {
        // At t = 1 the bias corrections give m̂ = g and v̂ = g², so θ₁ = θ₀(1 − γλ) − γ·g/(|g| + ε).
        SplittableRandom r = new SplittableRandom(5);
        float[] params = random(LAYOUT, r, 1.0);
        float[] before = params.clone();
        float[] grads = random(LAYOUT, r, 1.0);
        double lr = 0.01, lambda = 0.1;
        new AdamW(LAYOUT, AdamW.Options.DEFAULTS.withWeightDecay(lambda)).step(params, grads, lr);
        for (ParameterLayout.Slot s : LAYOUT.slots()) {
            boolean decays = !s.name().endsWith("norm.weight") && !s.name().endsWith(".bias");
            for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                double g = grads[i];
                double expected = before[i] * (decays ? 1 - lr * lambda : 1) - lr * g / (Math.abs(g) + 1e-8);
                assertThat((double) params[i]).as(s.name()).isCloseTo(expected, within(3e-7));
            }
        }
    }

    @Test
    void vectorAndScalarPathsRoundIdentically() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 1000;
        float[] p = new float[n], g = new float[n], m = new float[n], v = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) r.nextGaussian();
            g[i] = (float) (r.nextGaussian() * 1e-2);
            m[i] = (float) (r.nextGaussian() * 1e-2);
            v[i] = (float) (r.nextDouble() * 1e-4);
        }
        float[] p2 = p.clone(), g2 = g.clone(), m2 = m.clone(), v2 = v.clone();
        AdamW.Factors k = new AdamW.Factors(AdamW.Options.DEFAULTS, 3e-3, 7);
        AdamW.update(p, g, m, v, 3, 997, 0.99997f, k);
        AdamW.updateScalar(p2, g2, m2, v2, 3, 997, 0.99997f, k);
        assertThat(Arrays.mismatch(p, p2)).as("first differing element").isEqualTo(-1);
        assertThat(Arrays.mismatch(m, m2)).as("first differing element").isEqualTo(-1);
        assertThat(Arrays.mismatch(v, v2)).as("first differing element").isEqualTo(-1);
        assertThat(p[1]).isEqualTo(p2[1]);
    }

    @Test
    void aLayoutLargeEnoughForThreadsGivesTheSameBitsAsOneScalarPass() {
        ParameterLayout big = ParameterLayout.of(TestModels.qwen2(4096, 64, 1, 4, 2, 128, true), false);
        assertThat(big.size()).isGreaterThan(1 << 18);
        SplittableRandom r = new SplittableRandom(9);
        float[] params = random(big, r, 1.0), grads = random(big, r, 1.0);
        float[] expectedParams = params.clone(), m = new float[big.size()], v = new float[big.size()];
        AdamW adamw = new AdamW(big, AdamW.Options.DEFAULTS);
        adamw.step(params, grads, 1e-3);
        AdamW.Factors k = new AdamW.Factors(AdamW.Options.DEFAULTS, 1e-3, 1);
        for (ParameterLayout.Slot s : big.slots()) {
            float decay = s.decays() ? (float) (1 - 1e-3 * 0.01) : 1f;
            AdamW.updateScalar(expectedParams, grads, m, v, s.offset(), s.offset() + s.size(), decay, k);
        }
        assertThat(Arrays.mismatch(params, expectedParams)).as("first differing element").isEqualTo(-1);
        assertThat(Arrays.mismatch(adamw.expAvgSq(), v)).as("first differing element").isEqualTo(-1);
    }

    @Test
    void paddingStaysZeroAndInstancesDoNotShareState() {
        SplittableRandom r = new SplittableRandom(4);
        float[] params = random(LAYOUT, r, 1.0);
        float[] grads = new float[LAYOUT.size()];
        for (int i = 0; i < grads.length; i++) grads[i] = 1f; // padding included
        AdamW policy = new AdamW(LAYOUT, AdamW.Options.DEFAULTS);
        AdamW critic = new AdamW(LAYOUT, AdamW.Options.DEFAULTS);
        policy.step(params, grads, 0.1);
        boolean[] inSlot = new boolean[LAYOUT.size()];
        for (ParameterLayout.Slot s : LAYOUT.slots()) Arrays.fill(inSlot, s.offset(), s.offset() + s.size(), true);
        for (int i = 0; i < inSlot.length; i++) {
            if (!inSlot[i]) assertThat(params[i] == 0f && policy.expAvg()[i] == 0f && policy.expAvgSq()[i] == 0f).isTrue();
        }
        assertThat(policy.steps()).isEqualTo(1);
        assertThat(critic.steps()).isZero();
        assertThat(critic.expAvg()).containsOnly(0f);
    }

    @Test
    void wrongInputsAreRefused() {
        AdamW adamw = new AdamW(LAYOUT, AdamW.Options.DEFAULTS);
        float[] ok = new float[LAYOUT.size()];
        assertThatThrownBy(() -> adamw.step(new float[3], ok, 1e-3)).hasMessageContaining("parameter array has 3 floats");
        assertThatThrownBy(() -> adamw.step(ok, ok, Double.NaN)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new AdamW.Options(1.0, 0.999, 1e-8, 0, false)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new AdamW.Options(0.9, -0.1, 1e-8, 0, false)).hasMessageContaining("beta2");
        assertThatThrownBy(() -> new AdamW.Options(0.9, 0.999, -1, 0, false)).hasMessageContaining("eps");
        assertThatThrownBy(() -> AdamW.restore(LAYOUT, AdamW.Options.DEFAULTS, ok, new float[1], 0))
                .hasMessageContaining("second moment");
        assertThat(adamw.steps()).isZero();
    }
}
