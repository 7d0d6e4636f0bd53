package io.reason4j.reward;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact rational number p/q with arbitrary-precision integers, always in lowest terms with q > 0.
 *
 * <p>Integers, fractions and decimals written in an answer are all exact rationals: {@code 0.4},
 * {@code .4} and {@code \frac{2}{5}} are the same number, and {@code 1/2^{99}} is never confused with
 * {@code 1/2^{98}} (a false positive of verifiers that compare with an absolute float tolerance).
 * Callers guard the size of results with {@link CheckBudget}; this class itself never refuses work.
 */
public final class ExactRational implements Comparable<ExactRational> {
    public static final ExactRational ZERO = new ExactRational(BigInteger.ZERO, BigInteger.ONE);
    public static final ExactRational ONE = new ExactRational(BigInteger.ONE, BigInteger.ONE);
    public static final ExactRational MINUS_ONE = new ExactRational(BigInteger.ONE.negate(), BigInteger.ONE);

    private final BigInteger numerator;
    private final BigInteger denominator;

    private ExactRational(BigInteger numerator, BigInteger denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    public static ExactRational of(long value) {
        return new ExactRational(BigInteger.valueOf(value), BigInteger.ONE);
    }

    public static ExactRational of(BigInteger value) {
        return new ExactRational(value, BigInteger.ONE);
    }

    /** p/q in lowest terms; throws ArithmeticException when q is zero. */
    public static ExactRational of(BigInteger p, BigInteger q) {
        if (q.signum() == 0) throw new ArithmeticException("division by zero");
        if (q.signum() < 0) {
            p = p.negate();
            q = q.negate();
        }
        BigInteger g = p.gcd(q);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            p = p.divide(g);
            q = q.divide(g);
        }
        return new ExactRational(p, q);
    }

    public static ExactRational of(long p, long q) {
        return of(BigInteger.valueOf(p), BigInteger.valueOf(q));
    }

    /** A plain decimal literal such as {@code 12}, {@code 0.125} or {@code .5} (no sign, no exponent). */
    public static ExactRational parseDecimal(String literal) {
        BigDecimal d = new BigDecimal(literal.startsWith(".") ? "0" + literal : literal);
        return of(d);
    }

    public static ExactRational of(BigDecimal d) {
        if (d.scale() <= 0) return of(d.toBigIntegerExact());
        return of(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    public BigInteger numerator() {
        return numerator;
    }

    public BigInteger denominator() {
        return denominator;
    }

    public boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    public int signum() {
        return numerator.signum();
    }

    /** The larger of the numerator's and the denominator's bit lengths: the size a budget limits. */
    public int bitLength() {
        return Math.max(numerator.bitLength(), denominator.bitLength());
    }

    public ExactRational add(ExactRational o) {
        if (denominator.equals(o.denominator)) return of(numerator.add(o.numerator), denominator);
        return of(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)), denominator.multiply(o.denominator));
    }

    public ExactRational subtract(ExactRational o) {
        return add(o.negate());
    }

    public ExactRational multiply(ExactRational o) {
        return of(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public ExactRational divide(ExactRational o) {
        if (o.signum() == 0) throw new ArithmeticException("division by zero");
        return of(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    public ExactRational negate() {
        return new ExactRational(numerator.negate(), denominator);
    }

    public ExactRational abs() {
        return signum() < 0 ? negate() : this;
    }

    /** this^n for any int n (negative powers invert); the caller has checked the result's size. */
    public ExactRational pow(int n) {
        if (n >= 0) return new ExactRational(numerator.pow(n), denominator.pow(n));
        if (signum() == 0) throw new ArithmeticException("division by zero");
        return of(denominator.pow(-n), numerator.pow(-n));
    }

    public BigDecimal toBigDecimal(MathContext mc) {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), mc);
    }

    @Override
    public int compareTo(ExactRational o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExactRational r && numerator.equals(r.numerator) && denominator.equals(r.denominator);
    }

    @Override
    public int hashCode() {
        return numerator.hashCode() * 31 + denominator.hashCode();
    }

    @Override
    public String toString() {
        return isInteger() ? numerator.toString() : numerator + "/" + denominator;
    }
}
