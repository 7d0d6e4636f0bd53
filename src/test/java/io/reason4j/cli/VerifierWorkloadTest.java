package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.reward.MathVerifier;
import org.junit.jupiter.api.Test;

/** The verify benchmark times a verifier that gets its whole mix right, and the mix is the one described. */
class VerifierWorkloadTest {
    @Test
    void theVerifierAgreesWithEveryExpectedVerdict() {
        VerifierWorkload workload = new VerifierWorkload(MathVerifier.withDefaults());
        assertThat(workload.disagreements()).isEmpty();
        long right = VerifierWorkload.CASES.stream().filter(VerifierWorkload.Case::equivalent).count();
        assertThat(workload.runOnce()).isEqualTo((int) right);
        // A quarter or more wrong answers, as a policy during training gives.
        assertThat(VerifierWorkload.CASES.size() - right).isBetween(10L, 16L);
    }

    @Test
    void percentilesOfSortedLatencies() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) sorted[i] = i;
        assertThat(Percentile.of(sorted, 0.5)).isEqualTo(50);
        assertThat(Percentile.of(sorted, 0.99)).isEqualTo(99);
        assertThat(Percentile.of(sorted, 1.0)).isEqualTo(99);
    }
}
