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
 *   <li>A decimal literal is the only thing that earns a tolerance, and only at real precision: a
 *       side with a decimal matches a value it does not equal exactly when both round to the same
 *       number at {@code floatRounding} decimal places (Math-Verify's {@code float_rounding}, 6 by
 *       default): {@code 0.333333} matches 1/3, {@code 0.3} and {@code 0.33} do not, and
 *       {@code 100.004} does not match 100 (some graders' relative tolerance accepts that). A
 *       reference that is itself a decimal ({@code 3.14}) also accepts what agrees with it to half a
 *       unit in its own last place ({@code 3.14159}, π), because that is the precision it asks for;
 *       a coarser prediction ({@code 3.1}) does not.</li>
 *   <li>With variables: identity by evaluation at random rational points — exact for polynomials and
 *       rational expressions, so {@code (x+1)^2} ≡ {@code x^2+2x+1} is decided without algebra.</li>
 * </ul>
 */
final class ScalarComparison {
    private static final int POINTS = 6;
    private static final int MAX_ATTEMPTS = 40;

    private final CheckBudget budget;
    private final int floatRounding;

    ScalarComparison(CheckBudget budget, int floatRounding) {
        this.budget = budget;
        this.floatRounding = floatRounding;
    }

    /** Whether the reference {@code gold} and the prediction {@code pred} have the same value (or are the same function). */
    Outcome equivalent(MathExpr gold, MathExpr pred) {
        Set<String> vars = ExpressionFacts.freeSymbols(gold, pred);
        Precision p = precision(gold, pred);
        if (vars.isEmpty()) {
            RealValue x, y;
            try {
                x = evaluator(p, Map.of()).evaluate(gold);
                y = evaluator(p, Map.of()).evaluate(pred);
            } catch (UndefinedValueException e) {
                return Outcome.different("undefined value: " + e.getMessage());
            }
            return switch (p.match(x, y)) {
                case EXACT -> Outcome.equivalent("equal as exact numbers (" + x + ")");
                case WORKING_PRECISION -> Outcome.equivalent("equal to " + (p.mc.getPrecision() - 10) + " digits (" + x + ")");
                case ROUNDED -> Outcome.equivalent("equal to " + p.floatRounding + " decimal places (" + x + " vs " + y + ")");
                case REFERENCE_PRECISION -> Outcome.equivalent("equal to the " + p.referenceDecimals + " decimals the reference writes ("
                        + x + " vs " + y + ")");
                case NONE -> Outcome.different("different values: " + x + " vs " + y + (p.hasDecimals
                        ? " (a decimal earns credit only when it agrees to " + p.floatRounding + " decimal places)" : ""));
            };
        }
        return atRandomPoints(gold, pred, vars, p, (x, y) -> p.equal(x, y) ? null : x + " vs " + y, "equal at %d random points");
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

    /** The precision of comparing the reference {@code gold} with the prediction {@code pred}. */
    Precision precision(MathExpr gold, MathExpr pred) {
        long digits = 64 + ExpressionFacts.precisionDemand(gold) + ExpressionFacts.precisionDemand(pred);
        int referenceDecimals = ExpressionFacts.floatDecimals(gold);
        boolean decimals = referenceDecimals >= 0 || ExpressionFacts.floatDecimals(pred) >= 0;
        MathContext mc = new MathContext((int) Math.min(Math.max(digits, floatRounding + 20L), budget.limits().maxDigits()), RoundingMode.HALF_EVEN);
        return new Precision(mc, decimals, floatRounding, referenceDecimals);
    }

    /** How two values were found equal, or NONE. */
    enum Match { EXACT, WORKING_PRECISION, ROUNDED, REFERENCE_PRECISION, NONE }

    /**
     * The working precision of one comparison and what its decimals allow.
     *
     * @param hasDecimals       whether either side writes a decimal literal
     * @param floatRounding     the places to which such a side must agree ({@link VerifierSettings#floatRounding})
     * @param referenceDecimals the fewest places among the reference's decimal literals, or -1 when it has none
     */
    record Precision(MathContext mc, boolean hasDecimals, int floatRounding, int referenceDecimals) {
        /** Exact comparison only: no decimals, the default working precision. */
        static Precision exact(MathContext mc) {
            return new Precision(mc, false, VerifierSettings.DEFAULT_FLOAT_ROUNDING, -1);
        }

        private BigDecimal slack(BigDecimal x, BigDecimal y) {
            BigDecimal scale = x.abs().max(y.abs()).max(BigDecimal.ONE);
            return scale.movePointLeft(mc.getPrecision() - 10);
        }

        boolean equal(RealValue gold, RealValue pred) {
            return match(gold, pred) != Match.NONE;
        }

        Match match(RealValue gold, RealValue pred) {
            if (gold.isExact() && pred.isExact() && gold.exact().equals(pred.exact())) return Match.EXACT;
            BigDecimal dx = gold.toBigDecimal(mc), dy = pred.toBigDecimal(mc);
            BigDecimal diff = dx.subtract(dy, mc).abs();
            BigDecimal slack = slack(dx, dy);
            // Two exact numbers that differ are different, however close; irrational values agree to the working precision or not.
            if (!(gold.isExact() && pred.isExact()) && diff.compareTo(slack) <= 0) return Match.WORKING_PRECISION;
            if (!hasDecimals) return Match.NONE;
            if (dx.setScale(floatRounding, RoundingMode.HALF_EVEN).compareTo(dy.setScale(floatRounding, RoundingMode.HALF_EVEN)) == 0) {
                return Match.ROUNDED;
            }
            if (referenceDecimals >= 0 && diff.compareTo(slack.add(new BigDecimal("0.5").movePointLeft(referenceDecimals))) <= 0) {
                return Match.REFERENCE_PRECISION;
            }
            return Match.NONE;
        }

        boolean isZero(RealValue x) {
            return x.isExact() ? x.signum() == 0 : x.approximate().abs().compareTo(slack(BigDecimal.ZERO, BigDecimal.ZERO)) <= 0;
        }
    }
}
