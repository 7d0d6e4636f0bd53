package io.reason4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class LaneSumTest {
    /** The same pairwise tree written out in scalar code: lane i += lane i^half, halving. */
    static float tree(float[] lanes) {
        float[] a = lanes.clone();
        for (int half = a.length / 2; half >= 1; half /= 2) {
            float[] b = new float[a.length];
            for (int i = 0; i < a.length; i++) b[i] = a[i] + a[i ^ half];
            a = b;
        }
        return a[0];
    }

    @Test
    void addsInTheFixedPairwiseOrderEveryTime() {
        SplittableRandom r = new SplittableRandom(4);
        int n = FloatVector.SPECIES_PREFERRED.length();
        for (int trial = 0; trial < 20_000; trial++) { // long enough for the JIT to compile the loop
            float[] lanes = new float[n];
            for (int i = 0; i < n; i++) lanes[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4)));
            float expected = tree(lanes);
            assertThat(LaneSum.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, lanes, 0))).isEqualTo(expected);
        }
        double[] d = new double[DoubleVector.SPECIES_PREFERRED.length()];
        double plain = 0;
        for (int i = 0; i < d.length; i++) plain += d[i] = i + 0.5;
        assertThat(LaneSum.sum(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, d, 0))).isEqualTo(plain);
    }
}
