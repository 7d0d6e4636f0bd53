package io.reason4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorExpTest {
    @Test
    void matchesMathExpToAFewUlp() {
        var species = FloatVector.SPECIES_PREFERRED;
        float[] x = new float[species.length()], y = new float[species.length()];
        double worst = 0;
        for (double start = -87; start < 88; start += 0.37) {
            for (int i = 0; i < x.length; i++) x[i] = (float) (start + i * 0.0231);
            VectorExp.exp(FloatVector.fromArray(species, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                double expected = Math.exp(x[i]);
                worst = Math.max(worst, Math.abs(y[i] - expected) / expected);
            }
        }
        assertThat(worst).isLessThan(4e-7);
    }

    @Test
    void saturatesInsteadOfOverflowingToNaN() {
        var species = FloatVector.SPECIES_PREFERRED;
        float[] y = new float[species.length()];
        VectorExp.exp(FloatVector.broadcast(species, -1000f)).intoArray(y, 0);
        assertThat(y[0]).isBetween(0f, 1e-37f);
        VectorExp.exp(FloatVector.broadcast(species, 1000f)).intoArray(y, 0);
        assertThat(y[0]).isGreaterThan(1e38f).isFinite();
    }
}
