package io.reason4j.tensor;

import static io.reason4j.tensor.FiniteDifferences.check;
import static io.reason4j.tensor.FiniteDifferences.toFloat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogSoftmaxTest {

    /** log p[v, t] of logits z (vocab, ld) in double. */
    static double[] logProbs(double[] z, int vocab, int count, int ld) {
        double[] lp = new double[z.length];
        for (int t = 0; t < count; t++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int v = 0; v < vocab; v++) max = Math.max(max, z[v * ld + t]);
            for (int v = 0; v < vocab; v++) sum += Math.exp(z[v * ld + t] - max);
            for (int v = 0; v < vocab; v++) lp[v * ld + t] = z[v * ld + t] - max - Math.log(sum);
        }
        return lp;
    }

    /** Σ_t a_t log p_t(y_t) + e_t H(p_t) + k_t KL(p_t ‖ r_t), in double. */
    static double loss(double[] z, int vocab, int count, int ld, int[] y, double[] a, double[] e, double[] k, double[] ref) {
        double[] lp = logProbs(z, vocab, count, ld);
        double total = 0;
        for (int t = 0; t < count; t++) {
            double h = 0, kl = 0;
            for (int v = 0; v < vocab; v++) {
                double p = Math.exp(lp[v * ld + t]);
                h -= p * lp[v * ld + t];
                if (k[t] != 0) kl += p * (lp[v * ld + t] - ref[v * ld + t]);
            }
            total += (y[t] >= 0 ? a[t] * lp[y[t] * ld + t] : 0) + e[t] * h + k[t] * kl;
        }
        return total;
    }

    @ParameterizedTest(name = "vocab {0}, {1} tokens")
    @CsvSource({"5, 3", "64, 40", "700, 37"})
    void logProbsEntropyAndLossGradientMatchFloat64(int vocab, int count) {
        SplittableRandom r = new SplittableRandom(vocab * 7L + count);
        int ld = count + 4;
        double[] z = FiniteDifferences.roundToFloat(FiniteDifferences.random(r, vocab * ld, 4));
        int[] y = new int[count];
        double[] a = new double[count], e = new double[count], k = new double[count];
        double[] ref = logProbs(FiniteDifferences.random(r, vocab * ld, 3), vocab, count, ld);
        for (int t = 0; t < count; t++) {
            int kind = t % 5; // 0: all terms, 1: target only, 2: entropy only, 3: KL only, 4: nothing (masked)
            y[t] = kind == 4 && t % 2 == 0 ? -1 : r.nextInt(vocab);
            a[t] = kind <= 1 ? r.nextDouble(-1, 1) : 0;
            e[t] = kind == 0 || kind == 2 ? r.nextDouble(-1, 1) : 0;
            k[t] = kind == 0 || kind == 3 ? r.nextDouble(-1, 1) : 0;
            if (kind == 4) ref[t] = Double.NEGATIVE_INFINITY; // a reference the masked token must not read
        }
        ref = FiniteDifferences.roundToFloat(ref);

        float[] lp = toFloat(z), entropy = new float[count];
        int split = Math.min(count, 16); // two ranges, as two threads would take them
        LogSoftmax.forwardColumns(lp, vocab, 0, split, ld, entropy);
        LogSoftmax.forwardColumns(lp, vocab, split, count, ld, entropy);
        double[] expected = logProbs(z, vocab, count, ld);
        for (int t = 0; t < count; t++) {
            double h = 0;
            for (int v = 0; v < vocab; v++) {
                assertThat((double) lp[v * ld + t]).isCloseTo(expected[v * ld + t], org.assertj.core.data.Offset.offset(2e-5));
                h -= Math.exp(expected[v * ld + t]) * expected[v * ld + t];
            }
            assertThat((double) entropy[t]).isCloseTo(h, org.assertj.core.data.Offset.offset(2e-5));
        }

        float[] kl = new float[count];
        double[] refCopy = ref;
        LogSoftmax.backwardColumns(lp, vocab, 0, split, ld, y, toFloat(a), entropy, toFloat(e), toFloat(ref), toFloat(k), kl);
        LogSoftmax.backwardColumns(lp, vocab, split, count, ld, y, toFloat(a), entropy, toFloat(e), toFloat(ref), toFloat(k), kl);
        float[] dz = lp;
        check("dz", v -> loss(v, vocab, count, ld, y, a, e, k, refCopy), z, dz, 150, i -> i % ld < count, 1);
        for (int t = 4; t < count; t += 5) {
            for (int v = 0; v < vocab; v++) assertThat(dz[v * ld + t]).as("masked token %d", t).isZero();
        }
        for (int t = 0; t < count; t += 5) {
            double expectedKl = 0;
            for (int v = 0; v < vocab; v++) expectedKl += Math.exp(expected[v * ld + t]) * (expected[v * ld + t] - ref[v * ld + t]);
            assertThat((double) kl[t]).isCloseTo(expectedKl, org.assertj.core.data.Offset.offset(1e-4));
        }
    }
}
