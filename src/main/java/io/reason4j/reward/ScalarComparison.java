package io.reason4j.reward;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Equality of two scalar expressions.
 *
 * <ul>
 *   <li>Without variables: exact rationals compare exactly. An irrational value is computed at a
 *       working precision of 64 digits plus the digits the input itself writes, and two values are
 *       equal when they agree to all but the last 10 of those digits — precision, not leniency.</li>
 *   <li>A decimal literal ({@code 0.33}) is the only thing that earns a tolerance: half a unit in its
 *       last written place, so {@code 0.33} matches 1/3 but {@code 100.004} does not match 100 (some
 *       graders' relative tolerance accepts that).</li>
 *   <li>With variables: identity by evaluation at random rational points — exact for polynomials and
 *       rational expressions, so {@code (x+1)^2} ≡ {@code x^2+2x+1} is decided without algebra.</li>
 * </ul>
 */
final class ScalarComparison {
    private static final int POINTS = 6;
    private static final int MAX_ATTEMPTS = 40;

    private final CheckBudget budget;

    ScalarComparison(CheckBudget budget) {
        this.budget = budget;
    }

    Outcome equivalent(MathExpr a, MathExpr b) {
        Set<String> vars = ExpressionFacts.freeSymbols(a, b);
        Precision p = precision(a, b);
        if (vars.isEmpty()) {
            RealValue x, y;
            try {
                x = evaluator(p, Map.of()).evaluate(a);
                y = evaluator(p, Map.of()).evaluate(b);
            } catch (UndefinedValueException e) {
                return Outcome.different("undefined value: " + e.getMessage());
            }
            if (p.equal(x, y)) {
                if (x.isExact() && y.isExact() && x.exact().equals(y.exact())) return Outcome.equivalent("equal as exact numbers (" + x + ")");
                return Outcome.equivalent(p.floatDecimals >= 0 ? "equal to the " + p.floatDecimals + " decimals written (" + x + " vs " + y + ")"
                        : "equal to " + (p.mc.getPrecision() - 10) + " digits (" + x + ")");
            }
            return Outcome.different("different values: " + x + " vs " + y);
        }
        return atRandomPoints(a, b, vars, p, (x, y) -> p.equal(x, y) ? null : x + " vs " + y, "equal at %d random points");
    }

    /**
     * Whether d1 = c·d2 for one constant c ≠ 0 (c > 0 when {@code positive}): {@code 2x+4y−3 = 0} and
     * {@code y = −x/2 + 3/4} describe the same line; {@code x < 1} and {@code −x > −1} the same half-line.
     */
    Outcome proportional(MathExpr d1, MathExpr d2, boolean positive) {
        Set<String> vars = ExpressionFacts.freeSymbols(d1, d2);
        if (vars.isEmpty()) return Outcome.undecided("relations between constants");
        Precision p = precision(d1, d2);
        RealValue[] ratio = {null};
        return atRandomPoints(d1, d2, vars, p, (x, y) -> {
            boolean zx = p.isZero(x), zy = p.isZero(y);
            if (zx || zy) return zx && zy ? null : "one side vanishes where the other does not";
            RealValue r = x.isExact() && y.isExact() ? RealValue.of(x.exact().divide(y.exact()))
                    : RealValue.approximately(x.toBigDecimal(p.mc).divide(y.toBigDecimal(p.mc), p.mc));
            if (ratio[0] == null) {
                ratio[0] = r;
                return positive && r.signum() < 0 ? "the inequality points the other way" : null;
            }
            return p.equal(r, ratio[0]) ? null : "not proportional";
        }, "equivalent (checked at %d random points)");
    }

    /** Orders two constant values, treating values equal at working precision as equal. */
    int compare(RealValue x, RealValue y, Precision p) {
        if (p.equal(x, y)) return 0;
        return x.toBigDecimal(p.mc).compareTo(y.toBigDecimal(p.mc));
    }

    RealValue constant(MathExpr e, Precision p) {
        return evaluator(p, Map.of()).evaluate(e);
    }

    RealValue valueAt(MathExpr e, Precision p, Map<String, ExactRational> point) {
        return evaluator(p, point).evaluate(e);
    }

    ExpressionEvaluator evaluator(Precision p, Map<String, ExactRational> point) {
        return new ExpressionEvaluator(budget, p.mc, point);
    }

    /** {@code mismatch} returns null when the two values agree at a point, else what differed. */
    private Outcome atRandomPoints(MathExpr a, MathExpr b, Set<String> vars, Precision p,
            BiFunction<RealValue, RealValue, String> mismatch, String agreed) {
        // Seeded by both answers (order-free), so a check is reproducible but its points are not a fixed target.
        SplittableRandom random = new SplittableRandom(CanonicalForm.of(a).hashCode() + (long) CanonicalForm.of(b).hashCode());
        int valid = 0;
        for (int attempt = 0; attempt < MAX_ATTEMPTS && valid < POINTS; attempt++) {
            budget.tick();
            Map<String, ExactRational> point = new HashMap<>();
            for (String v : vars) {
                // Small values keep x^3 or e^x computable; over ~1,000 distinct values per variable a
                // non-identity vanishing at all points is vanishingly unlikely (Schwartz–Zippel).
                long num = random.nextLong(1, 100) * (random.nextBoolean() ? 1 : -1);
                point.put(v, ExactRational.of(num, random.nextLong(1, 13)));
            }
            RealValue x, y;
            try {
                x = valueAt(a, p, point);
                y = valueAt(b, p, point);
            } catch (UndefinedValueException e) {
                continue;
            }
            String why = mismatch.apply(x, y);
            if (why != null) return Outcome.different("differ at " + describe(point) + ": " + why);
            valid++;
        }
        if (valid < 3) return Outcome.undecided("could not evaluate at enough points");
        return Outcome.equivalent(agreed.formatted(valid));
    }

    private static String describe(Map<String, ExactRational> point) {
        return point.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    Precision precision(MathExpr a, MathExpr b) {
        long digits = 64 + ExpressionFacts.precisionDemand(a) + ExpressionFacts.precisionDemand(b);
        int fa = ExpressionFacts.floatDecimals(a), fb = ExpressionFacts.floatDecimals(b);
        int floats = fa < 0 ? fb : fb < 0 ? fa : Math.min(fa, fb);
        return new Precision(new MathContext((int) Math.min(digits, budget.limits().maxDigits()), RoundingMode.HALF_EVEN), floats);
    }

    /** The working precision of one comparison, and the decimals of its least precise float (-1: none). */
    record Precision(MathContext mc, int floatDecimals) {
        private BigDecimal slack(BigDecimal x, BigDecimal y) {
            BigDecimal scale = x.abs().max(y.abs()).max(BigDecimal.ONE);
            return scale.movePointLeft(mc.getPrecision() - 10);
        }

        boolean equal(RealValue x, RealValue y) {
            if (x.isExact() && y.isExact() && x.exact().equals(y.exact())) return true;
            if (x.isExact() && y.isExact() && floatDecimals < 0) return false;
            BigDecimal dx = x.toBigDecimal(mc), dy = y.toBigDecimal(mc);
            BigDecimal diff = dx.subtract(dy, mc).abs();
            BigDecimal tolerance = slack(dx, dy);
            if (floatDecimals >= 0) tolerance = tolerance.add(new BigDecimal("0.5").movePointLeft(floatDecimals));
            return diff.compareTo(tolerance) <= 0;
        }

        boolean isZero(RealValue x) {
            return x.isExact() ? x.signum() == 0 : x.approximate().abs().compareTo(slack(BigDecimal.ZERO, BigDecimal.ZERO)) <= 0;
        }
    }
}
