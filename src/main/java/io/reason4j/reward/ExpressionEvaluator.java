package io.reason4j.reward;

import io.reason4j.reward.MathExpr.Add;
import io.reason4j.reward.MathExpr.Call;
import io.reason4j.reward.MathExpr.Const;
import io.reason4j.reward.MathExpr.Mul;
import io.reason4j.reward.MathExpr.Num;
import io.reason4j.reward.MathExpr.Pow;
import io.reason4j.reward.MathExpr.Sym;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Evaluates a scalar expression with given values for its symbols: exactly (rationals) as long as
 * every step stays rational — powers, factorials, binomials and perfect roots included — and at the
 * working precision otherwise. Every size is checked against the budget before the work is done.
 */
final class ExpressionEvaluator {
    private static final int MAX_ROOT_INDEX = 64;

    private final CheckBudget budget;
    private final MathContext mc;
    private final Map<String, ExactRational> symbols;
    private final BigDecimal zeroThreshold;

    ExpressionEvaluator(CheckBudget budget, MathContext mc, Map<String, ExactRational> symbols) {
        this.budget = budget;
        this.mc = mc;
        this.symbols = symbols;
        this.zeroThreshold = BigDecimal.ONE.movePointLeft(mc.getPrecision() - 10);
    }

    /** Throws UndefinedValueException, BudgetExceededException, or MathSyntaxException for a non-scalar. */
    RealValue evaluate(MathExpr e) {
        budget.tick();
        RealValue v = evaluateOnce(e);
        // Below the working precision an approximation is noise around zero (sin π, √2 − √2): it is zero,
        // so that ln(sin π) or 1/(√2 − √2) are undefined instead of huge garbage values.
        if (!v.isExact() && v.approximate().abs().compareTo(zeroThreshold) < 0) return RealValue.of(ExactRational.ZERO);
        return v;
    }

    private RealValue evaluateOnce(MathExpr e) {
        return switch (e) {
            case Num n -> RealValue.of(n.value());
            case Sym s -> {
                ExactRational v = symbols.get(s.name());
                if (v == null) throw new UndefinedValueException("no value for " + s.name());
                yield RealValue.of(v);
            }
            case Const c -> switch (c.kind()) {
                case PI -> RealValue.approximately(HighPrecisionMath.pi(mc));
                case E -> RealValue.approximately(HighPrecisionMath.e(mc, budget));
                case INFINITY -> throw new UndefinedValueException("∞ is not a number");
            };
            case Add a -> sum(a.terms());
            case Mul m -> product(m.factors());
            case Pow p -> power(evaluate(p.base()), evaluate(p.exponent()));
            case Call c -> call(c);
            default -> throw new MathSyntaxException("a " + e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + " is not a number");
        };
    }

    private RealValue sum(List<MathExpr> terms) {
        return fold(terms, ExactRational.ZERO, ExactRational::add, (a, b) -> a.add(b, mc));
    }

    private RealValue product(List<MathExpr> factors) {
        return fold(factors, ExactRational.ONE, ExactRational::multiply, (a, b) -> a.multiply(b, mc));
    }

    /** Combines exact values exactly and the rest at working precision, exact part last. */
    private RealValue fold(List<MathExpr> items, ExactRational identity, BinaryOperator<ExactRational> exactly,
            BinaryOperator<BigDecimal> approximately) {
        ExactRational exact = identity;
        BigDecimal approx = null;
        for (MathExpr item : items) {
            RealValue v = evaluate(item);
            if (v.isExact()) exact = budget.checked(exactly.apply(exact, v.exact()));
            else approx = approx == null ? v.approximate() : approximately.apply(approx, v.approximate());
        }
        return approx == null ? RealValue.of(exact) : RealValue.approximately(approximately.apply(approx, exact.toBigDecimal(mc)));
    }

    RealValue power(RealValue base, RealValue exponent) {
        if (exponent.isExact()) {
            ExactRational x = exponent.exact();
            if (x.isInteger()) {
                if (base.isExact()) return RealValue.of(exactPower(base.exact(), x.numerator()));
                return RealValue.approximately(approximatePower(base.approximate(), x.numerator()));
            }
            if (base.isExact()) {
                ExactRational root = exactRoot(base.exact(), x.denominator());
                if (root != null) return RealValue.of(exactPower(root, x.numerator()));
            }
            BigInteger q = x.denominator();
            if (base.signum() < 0) {
                // A real odd root of a negative number: (-8)^(1/3) = -2.
                if (!q.testBit(0)) throw new UndefinedValueException("even root of a negative number");
                BigDecimal magnitude = realPower(base.toBigDecimal(mc).negate(), x.toBigDecimal(mc));
                return RealValue.approximately(x.numerator().testBit(0) ? magnitude.negate() : magnitude);
            }
            if (q.equals(BigInteger.TWO) && x.numerator().abs().bitLength() < 31) {
                BigDecimal root = base.toBigDecimal(mc).sqrt(mc);
                return RealValue.approximately(approximatePower(root, x.numerator()));
            }
        }
        if (base.signum() < 0) throw new UndefinedValueException("non-integer power of a negative number");
        if (base.signum() == 0) {
            if (exponent.signum() > 0) return RealValue.of(ExactRational.ZERO);
            throw new UndefinedValueException("zero to a power that is not positive");
        }
        return RealValue.approximately(realPower(base.toBigDecimal(mc), exponent.toBigDecimal(mc)));
    }

    private BigDecimal realPower(BigDecimal base, BigDecimal exponent) {
        if (base.signum() == 0) return BigDecimal.ZERO;
        return HighPrecisionMath.exp(exponent.multiply(HighPrecisionMath.ln(base, mc, budget), mc), mc, budget);
    }

    private ExactRational exactPower(ExactRational base, BigInteger n) {
        if (base.signum() == 0) {
            if (n.signum() < 0) throw new UndefinedValueException("division by zero");
            return n.signum() == 0 ? ExactRational.ONE : ExactRational.ZERO;
        }
        if (base.abs().equals(ExactRational.ONE)) return base.signum() > 0 || !n.testBit(0) ? ExactRational.ONE : ExactRational.MINUS_ONE;
        if (n.bitLength() > 31) budget.checkBits(Long.MAX_VALUE, "power");
        budget.checkBits(Math.abs(n.longValue()) * base.bitLength(), "power");
        return base.pow(n.intValue());
    }

    private BigDecimal approximatePower(BigDecimal base, BigInteger n) {
        if (n.bitLength() > 31) throw new BudgetExceededException("exponent too large");
        double magnitude = Math.abs(n.doubleValue()) * Math.abs(Math.log10(Math.max(1e-300, base.abs().doubleValue())));
        if (magnitude > 100_000) throw new BudgetExceededException("power too large");
        if (base.signum() == 0 && n.signum() < 0) throw new UndefinedValueException("division by zero");
        return base.pow(n.intValueExact(), mc);
    }

    /** The exact q-th root of r when numerator and denominator are perfect q-th powers, else null. */
    private static ExactRational exactRoot(ExactRational r, BigInteger q) {
        if (q.bitLength() > 7 || q.intValue() > MAX_ROOT_INDEX) return null;
        int k = q.intValue();
        if (r.signum() < 0 && k % 2 == 0) return null;
        BigInteger num = integerRoot(r.numerator().abs(), k), den = integerRoot(r.denominator(), k);
        if (num == null || den == null) return null;
        return ExactRational.of(r.signum() < 0 ? num.negate() : num, den);
    }

    private static BigInteger integerRoot(BigInteger a, int k) {
        if (a.signum() == 0 || a.equals(BigInteger.ONE)) return a;
        BigInteger x;
        if (k == 2) {
            x = a.sqrt();
        } else {
            // Newton's iteration from above: x ← ((k−1)x + a / x^(k−1)) / k.
            x = BigInteger.ONE.shiftLeft(a.bitLength() / k + 1);
            BigInteger bigK = BigInteger.valueOf(k), kMinus1 = BigInteger.valueOf(k - 1);
            while (true) {
                BigInteger y = kMinus1.multiply(x).add(a.divide(x.pow(k - 1))).divide(bigK);
                if (y.compareTo(x) >= 0) break;
                x = y;
            }
        }
        return x.pow(k).equals(a) ? x : null;
    }

    private RealValue call(Call c) {
        String f = c.function();
        if (f.equals("sum") || f.equals("prod")) return opaque(c);
        List<RealValue> args = c.args().stream().map(this::evaluate).toList();
        RealValue x = args.getFirst();
        return switch (f) {
            case "abs" -> x.isExact() ? RealValue.of(x.exact().abs()) : RealValue.approximately(x.approximate().abs());
            case "factorial" -> RealValue.of(ExactRational.of(factorial(integerArgument(x, "factorial"))));
            case "binom" -> RealValue.of(ExactRational.of(binomial(integerArgument(x, "binomial"), integerArgument(args.get(1), "binomial"))));
            case "floor", "ceil" -> RealValue.of(rounded(x, f.equals("floor") ? RoundingMode.FLOOR : RoundingMode.CEILING));
            case "max", "min" -> args.stream().reduce((a, b) -> {
                int cmp = a.toBigDecimal(mc).compareTo(b.toBigDecimal(mc));
                return (f.equals("max") ? cmp >= 0 : cmp <= 0) ? a : b;
            }).orElseThrow();
            case "gcd", "lcm" -> RealValue.of(gcdOrLcm(f, args));
            default -> RealValue.approximately(transcendental(f, args.stream().map(v -> v.toBigDecimal(mc)).toList()));
        };
    }

    private BigDecimal transcendental(String f, List<BigDecimal> args) {
        BigDecimal x = args.getFirst();
        return switch (f) {
            case "sin" -> HighPrecisionMath.sin(x, mc, budget);
            case "cos" -> HighPrecisionMath.cos(x, mc, budget);
            case "tan" -> divide(HighPrecisionMath.sin(x, mc, budget), HighPrecisionMath.cos(x, mc, budget));
            case "sec" -> divide(BigDecimal.ONE, HighPrecisionMath.cos(x, mc, budget));
            case "csc" -> divide(BigDecimal.ONE, HighPrecisionMath.sin(x, mc, budget));
            case "cot" -> divide(HighPrecisionMath.cos(x, mc, budget), HighPrecisionMath.sin(x, mc, budget));
            case "arctan" -> HighPrecisionMath.atan(x, mc, budget);
            case "arcsin", "arccos" -> {
                if (x.abs().compareTo(BigDecimal.ONE) > 0) throw new UndefinedValueException(f + " outside [-1, 1]");
                BigDecimal halfPi = HighPrecisionMath.pi(mc).divide(BigDecimal.TWO, mc);
                BigDecimal asin = x.abs().compareTo(BigDecimal.ONE) == 0 ? halfPi.multiply(BigDecimal.valueOf(x.signum()))
                        : HighPrecisionMath.atan(x.divide(BigDecimal.ONE.subtract(x.multiply(x, mc)).sqrt(mc), mc), mc, budget);
                yield f.equals("arcsin") ? asin : halfPi.subtract(asin, mc);
            }
            case "sinh", "cosh", "tanh" -> {
                BigDecimal ep = HighPrecisionMath.exp(x, mc, budget), em = BigDecimal.ONE.divide(ep, mc);
                BigDecimal sinh = ep.subtract(em).divide(BigDecimal.TWO, mc), cosh = ep.add(em).divide(BigDecimal.TWO, mc);
                yield f.equals("sinh") ? sinh : f.equals("cosh") ? cosh : sinh.divide(cosh, mc);
            }
            case "ln" -> HighPrecisionMath.ln(x, mc, budget);
            case "log10" -> divide(HighPrecisionMath.ln(x, mc, budget), HighPrecisionMath.ln(BigDecimal.TEN, mc, budget));
            case "logb" -> divide(HighPrecisionMath.ln(args.get(1), mc, budget), HighPrecisionMath.ln(x, mc, budget));
            case "exp" -> HighPrecisionMath.exp(x, mc, budget);
            default -> throw new MathSyntaxException("unknown function " + f);
        };
    }

    private BigDecimal divide(BigDecimal a, BigDecimal b) {
        // A value this close to zero at working precision is a pole (tan π/2), not a huge number.
        if (b.abs().compareTo(BigDecimal.ONE.movePointLeft(mc.getPrecision() - 5)) < 0) throw new UndefinedValueException("division by zero");
        return a.divide(b, mc);
    }

    /**
     * A \sum or \prod with symbolic bounds is not evaluated: it gets a pseudo-random value fixed by
     * its canonical form, so it equals exactly the same sum written in another order (Math-Verify
     * compares such sums structurally too).
     */
    private static RealValue opaque(Call c) {
        long h = CanonicalForm.of(c).hashCode() * 0x9E3779B97F4A7C15L;
        return RealValue.of(ExactRational.of((h >>> 20) % 1_000_003 + 7, 1_009));
    }

    private static BigInteger integerArgument(RealValue v, String what) {
        if (!v.isExact() || !v.exact().isInteger()) throw new UndefinedValueException(what + " of a non-integer");
        return v.exact().numerator();
    }

    private BigInteger factorial(BigInteger n) {
        if (n.signum() < 0) throw new UndefinedValueException("factorial of a negative number");
        if (n.bitLength() > 31) budget.checkBits(Long.MAX_VALUE, "factorial");
        long k = n.longValue();
        budget.checkBits((long) (k * Math.log(Math.max(k, 2)) / Math.log(2)), "factorial");
        BigInteger result = BigInteger.ONE;
        for (long i = 2; i <= k; i++) {
            budget.tick();
            result = result.multiply(BigInteger.valueOf(i));
        }
        return result;
    }

    private BigInteger binomial(BigInteger n, BigInteger k) {
        if (k.signum() < 0) return BigInteger.ZERO;
        if (n.signum() >= 0 && k.compareTo(n) > 0) return BigInteger.ZERO;
        if (n.signum() >= 0 && k.compareTo(n.subtract(k)) > 0) k = n.subtract(k);
        if (k.bitLength() > 31) budget.checkBits(Long.MAX_VALUE, "binomial");
        long kk = k.longValue();
        budget.checkBits(kk * (n.abs().bitLength() + 1L), "binomial");
        BigInteger result = BigInteger.ONE;
        for (long i = 0; i < kk; i++) {
            budget.tick();
            result = result.multiply(n.subtract(BigInteger.valueOf(i))).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }

    private ExactRational rounded(RealValue x, RoundingMode mode) {
        BigDecimal d = x.isExact() ? new BigDecimal(x.exact().numerator()).divide(new BigDecimal(x.exact().denominator()), 0, mode)
                : x.approximate().setScale(0, mode);
        return ExactRational.of(d.toBigInteger());
    }

    private static ExactRational gcdOrLcm(String f, List<RealValue> args) {
        BigInteger acc = null;
        for (RealValue v : args) {
            BigInteger n = integerArgument(v, f).abs();
            if (acc == null) acc = n;
            else if (f.equals("gcd")) acc = acc.gcd(n);
            else acc = acc.signum() == 0 || n.signum() == 0 ? BigInteger.ZERO : acc.multiply(n).divide(acc.gcd(n));
        }
        return ExactRational.of(acc);
    }
}
