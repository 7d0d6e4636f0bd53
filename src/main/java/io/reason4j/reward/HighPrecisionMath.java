package io.reason4j.reward;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.concurrent.ConcurrentHashMap;

/**
 * π, e and the elementary functions in BigDecimal at any precision, for irrational values that have
 * no exact form. Each series ticks the check's budget, so a huge argument runs out of time, not forever.
 * All methods are thread-safe (the π and ln 2 caches are concurrent maps keyed by precision).
 */
final class HighPrecisionMath {
    private static final ConcurrentHashMap<Integer, BigDecimal> PI = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, BigDecimal> LN2 = new ConcurrentHashMap<>();
    /** exp and the trigonometric series refuse arguments beyond this: e^(10⁶) is already far past any answer. */
    private static final BigDecimal MAX_ARGUMENT = BigDecimal.valueOf(1_000_000);
    /** sin and cos reduce their argument modulo 2π with extra digits; beyond this the reduction is not worth it. */
    private static final BigDecimal MAX_TRIGONOMETRIC_ARGUMENT = new BigDecimal("1e12");

    private HighPrecisionMath() {}

    private static MathContext guard(MathContext mc) {
        return new MathContext(mc.getPrecision() + 10, RoundingMode.HALF_EVEN);
    }

    /** Machin's formula π = 16 atan(1/5) − 4 atan(1/239). */
    static BigDecimal pi(MathContext mc) {
        return PI.computeIfAbsent(mc.getPrecision(), p -> {
            MathContext g = guard(mc);
            BigDecimal a = atanReciprocal(5, g).multiply(BigDecimal.valueOf(16));
            BigDecimal b = atanReciprocal(239, g).multiply(BigDecimal.valueOf(4));
            return a.subtract(b).round(mc);
        });
    }

    private static BigDecimal atanReciprocal(int x, MathContext mc) {
        BigDecimal x2 = BigDecimal.valueOf((long) x * x);
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(x), mc);
        BigDecimal sum = power;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int k = 1; ; k++) {
            power = power.divide(x2, mc);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), mc);
            sum = (k % 2 == 1) ? sum.subtract(term) : sum.add(term);
            if (term.compareTo(eps) < 0) return sum;
        }
    }

    static BigDecimal e(MathContext mc, CheckBudget budget) {
        return exp(BigDecimal.ONE, mc, budget);
    }

    static BigDecimal exp(BigDecimal x, MathContext mc, CheckBudget budget) {
        if (x.abs().compareTo(MAX_ARGUMENT) > 0) throw new BudgetExceededException("exponential of a number too large");
        if (x.signum() < 0) return BigDecimal.ONE.divide(exp(x.negate(), mc, budget), mc);
        MathContext g = new MathContext(mc.getPrecision() + 20 + x.precision(), RoundingMode.HALF_EVEN);
        // exp(x) = exp(x / 2^m)^(2^m) with x / 2^m < 1/2 so that the series converges quickly.
        int m = 0;
        BigDecimal r = x;
        while (r.compareTo(new BigDecimal("0.5")) > 0) {
            r = r.divide(BigDecimal.TWO, g);
            m++;
        }
        BigDecimal sum = BigDecimal.ONE, term = BigDecimal.ONE;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(g.getPrecision());
        for (int k = 1; ; k++) {
            budget.tick();
            term = term.multiply(r, g).divide(BigDecimal.valueOf(k), g);
            sum = sum.add(term, g);
            if (term.abs().compareTo(eps) < 0) break;
        }
        for (int i = 0; i < m; i++) {
            budget.tick();
            sum = sum.multiply(sum, g);
        }
        return sum.round(mc);
    }

    /** Natural logarithm of x > 0: x = m·2^k with m in [1/2, 1], ln m = 2 atanh((m−1)/(m+1)). */
    static BigDecimal ln(BigDecimal x, MathContext mc, CheckBudget budget) {
        if (x.signum() <= 0) throw new UndefinedValueException("logarithm of a number that is not positive");
        MathContext g = guard(mc);
        BigInteger unscaled = x.unscaledValue();
        long k = (long) unscaled.bitLength() - (long) Math.ceil(x.scale() * (Math.log(10) / Math.log(2)));
        BigDecimal m = x;
        if (k > 0) m = x.divide(new BigDecimal(BigInteger.ONE.shiftLeft((int) Math.min(k, 100_000))), g);
        else if (k < 0) m = x.multiply(new BigDecimal(BigInteger.ONE.shiftLeft((int) Math.min(-k, 100_000))), g);
        long shift = Math.max(-100_000, Math.min(k, 100_000));
        BigDecimal result = atanhSeries(m, g, budget);
        if (shift != 0) result = result.add(ln2(g, budget).multiply(BigDecimal.valueOf(shift), g), g);
        return result.round(mc);
    }

    private static BigDecimal ln2(MathContext g, CheckBudget budget) {
        BigDecimal cached = LN2.get(g.getPrecision());
        if (cached != null) return cached;
        BigDecimal value = atanhSeries(BigDecimal.TWO, g, budget);
        LN2.put(g.getPrecision(), value);
        return value;
    }

    /** ln m = 2 Σ z^(2i+1)/(2i+1), z = (m−1)/(m+1); fast for m near 1. */
    private static BigDecimal atanhSeries(BigDecimal m, MathContext g, CheckBudget budget) {
        BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), g);
        BigDecimal z2 = z.multiply(z, g);
        BigDecimal power = z, sum = z;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(g.getPrecision());
        for (int i = 1; ; i++) {
            budget.tick();
            power = power.multiply(z2, g);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * i + 1), g);
            sum = sum.add(term, g);
            if (term.abs().compareTo(eps) < 0 || power.signum() == 0) break;
        }
        return sum.multiply(BigDecimal.TWO, g);
    }

    static BigDecimal sin(BigDecimal x, MathContext mc, CheckBudget budget) {
        return sinCos(x, mc, budget, true);
    }

    static BigDecimal cos(BigDecimal x, MathContext mc, CheckBudget budget) {
        return sinCos(x, mc, budget, false);
    }

    private static BigDecimal sinCos(BigDecimal x, MathContext mc, CheckBudget budget, boolean sine) {
        if (x.abs().compareTo(MAX_TRIGONOMETRIC_ARGUMENT) > 0) throw new BudgetExceededException("trigonometric argument too large");
        MathContext g = new MathContext(mc.getPrecision() + 20 + Math.max(0, x.precision() - x.scale()), RoundingMode.HALF_EVEN);
        BigDecimal twoPi = pi(g).multiply(BigDecimal.TWO);
        BigDecimal r = x.subtract(twoPi.multiply(new BigDecimal(x.divide(twoPi, g).setScale(0, RoundingMode.HALF_EVEN).toBigInteger())), g);
        BigDecimal term = sine ? r : BigDecimal.ONE, sum = term;
        BigDecimal r2 = r.multiply(r, g);
        BigDecimal eps = BigDecimal.ONE.movePointLeft(g.getPrecision());
        for (int k = sine ? 2 : 1; ; k++) {
            budget.tick();
            long a = sine ? (2L * k - 2) * (2L * k - 1) : (2L * k - 1) * (2L * k);
            term = term.multiply(r2, g).divide(BigDecimal.valueOf(a), g).negate();
            sum = sum.add(term, g);
            if (term.abs().compareTo(eps) < 0) break;
        }
        return sum.round(mc);
    }

    /** atan via atan x = 2 atan(x / (1 + √(1 + x²))) until |x| is small, then the Taylor series. */
    static BigDecimal atan(BigDecimal x, MathContext mc, CheckBudget budget) {
        MathContext g = guard(mc);
        int doublings = 0;
        BigDecimal r = x;
        while (r.abs().compareTo(new BigDecimal("0.1")) > 0) {
            budget.tick();
            r = r.divide(BigDecimal.ONE.add(BigDecimal.ONE.add(r.multiply(r, g)).sqrt(g)), g);
            doublings++;
        }
        BigDecimal r2 = r.multiply(r, g), power = r, sum = r;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(g.getPrecision());
        for (int k = 1; ; k++) {
            budget.tick();
            power = power.multiply(r2, g).negate();
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), g);
            sum = sum.add(term, g);
            if (term.abs().compareTo(eps) < 0 || power.signum() == 0) break;
        }
        return sum.multiply(BigDecimal.TWO.pow(doublings)).round(mc);
    }
}
