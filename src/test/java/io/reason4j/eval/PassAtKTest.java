package io.reason4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PassAtKTest {

    @Test
    void handComputedValues() {
        // 1 − C(3,2)/C(5,2) = 1 − 3/10
        assertThat(PassAtK.estimate(5, 2, 2)).isCloseTo(0.7, within(1e-15));
        // pass@1 is the share correct
        assertThat(PassAtK.estimate(10, 3, 1)).isCloseTo(0.3, within(1e-15));
        // 1 − C(6,4)/C(8,4) = 1 − 15/70
        assertThat(PassAtK.estimate(8, 2, 4)).isCloseTo(55.0 / 70, within(1e-15));
        assertThat(PassAtK.estimate(4, 1, 4)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(16, 0, 8)).isEqualTo(0.0);
        assertThat(PassAtK.estimate(16, 16, 8)).isEqualTo(1.0);
    }

    @Test
    void equalsTheBinomialFormulaWithExactIntegers() {
        for (int n = 1; n <= 64; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k = 1; k <= n; k++) {
                    BigInteger allWrong = binomial(n - c, k), all = binomial(n, k);
                    double expected = 1 - new java.math.BigDecimal(allWrong).divide(new java.math.BigDecimal(all), java.math.MathContext.DECIMAL128).doubleValue();
                    assertThat(PassAtK.estimate(n, c, k)).as("n %d c %d k %d", n, c, k).isCloseTo(expected, within(1e-12));
                }
            }
        }
    }

    @Test
    void refusesImpossibleArguments() {
        assertThatThrownBy(() -> PassAtK.estimate(4, 1, 5)).hasMessageContaining("k must be in [1, n = 4]");
        assertThatThrownBy(() -> PassAtK.estimate(4, 5, 1)).hasMessageContaining("correct samples");
    }

    private static BigInteger binomial(int n, int k) {
        if (k > n) return BigInteger.ZERO;
        BigInteger r = BigInteger.ONE;
        for (int i = 0; i < k; i++) r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        return r;
    }
}
