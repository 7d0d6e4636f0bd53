package io.reason4j.reward;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The value of a scalar expression: exact when every step stayed rational ({@code 2^{10}/6!}), else a
 * BigDecimal approximation at the check's working precision ({@code \sqrt 2}, {@code \pi}).
 */
record RealValue(ExactRational exact, BigDecimal approximate) {

    static RealValue of(ExactRational r) {
        return new RealValue(r, null);
    }

    static RealValue approximately(BigDecimal d) {
        return new RealValue(null, d);
    }

    boolean isExact() {
        return exact != null;
    }

    BigDecimal toBigDecimal(MathContext mc) {
        return exact != null ? exact.toBigDecimal(mc) : approximate;
    }

    int signum() {
        return exact != null ? exact.signum() : approximate.signum();
    }

    @Override
    public String toString() {
        if (exact != null) return exact.toString();
        return approximate.round(new MathContext(12)).stripTrailingZeros().toString() + "…";
    }
}
