package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ExactRationalTest {
    @Test
    void keepsLowestTermsWithAPositiveDenominator() {
        ExactRational r = ExactRational.of(6, -4);
        assertThat(r.numerator()).isEqualTo(BigInteger.valueOf(-3));
        assertThat(r.denominator()).isEqualTo(BigInteger.TWO);
        assertThat(r).isEqualTo(ExactRational.of(-3, 2)).hasToString("-3/2");
        assertThatThrownBy(() -> ExactRational.of(1, 0)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void decimalsAreExact() {
        assertThat(ExactRational.parseDecimal(".4")).isEqualTo(ExactRational.of(2, 5));
        assertThat(ExactRational.parseDecimal("0.1").add(ExactRational.parseDecimal("0.2"))).isEqualTo(ExactRational.parseDecimal("0.3"));
        assertThat(ExactRational.parseDecimal("1000.0")).isEqualTo(ExactRational.of(1000));
    }

    @Test
    void arithmeticAndOrder() {
        ExactRational half = ExactRational.of(1, 2), third = ExactRational.of(1, 3);
        assertThat(half.subtract(third)).isEqualTo(ExactRational.of(1, 6));
        assertThat(half.divide(third)).isEqualTo(ExactRational.of(3, 2));
        assertThat(ExactRational.of(2, 3).pow(-2)).isEqualTo(ExactRational.of(9, 4));
        assertThat(ExactRational.of(2).pow(-99)).isNotEqualTo(ExactRational.of(2).pow(-98));
        assertThat(half.compareTo(third)).isPositive();
        assertThat(ExactRational.of(BigInteger.TWO.pow(100), BigInteger.ONE).bitLength()).isEqualTo(101);
    }
}
