package io.reason4j.reward;

import io.reason4j.reward.MathExpr.Add;
import io.reason4j.reward.MathExpr.Call;
import io.reason4j.reward.MathExpr.Const;
import io.reason4j.reward.MathExpr.Interval;
import io.reason4j.reward.MathExpr.ListOf;
import io.reason4j.reward.MathExpr.Matrix;
import io.reason4j.reward.MathExpr.Mul;
import io.reason4j.reward.MathExpr.Num;
import io.reason4j.reward.MathExpr.PlusMinus;
import io.reason4j.reward.MathExpr.Pow;
import io.reason4j.reward.MathExpr.Relation;
import io.reason4j.reward.MathExpr.SetOf;
import io.reason4j.reward.MathExpr.Sym;
import io.reason4j.reward.MathExpr.Tuple;
import io.reason4j.reward.MathExpr.Union;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Questions about an expression tree that several comparisons ask. */
final class ExpressionFacts {
    private ExpressionFacts() {}

    /** Every node, parents first. */
    static void visit(MathExpr e, Consumer<MathExpr> action) {
        action.accept(e);
        for (MathExpr child : children(e)) visit(child, action);
    }

    static List<MathExpr> children(MathExpr e) {
        return switch (e) {
            case Num n -> List.of();
            case Sym s -> List.of();
            case Const c -> List.of();
            case Add a -> a.terms();
            case Mul m -> m.factors();
            case Pow p -> List.of(p.base(), p.exponent());
            // An opaque \sum is keyed by its printed form, not evaluated: its index is not a free variable.
            case Call c -> c.function().equals("sum") || c.function().equals("prod") ? List.of() : c.args();
            case PlusMinus pm -> pm.left() == null ? List.of(pm.right()) : List.of(pm.left(), pm.right());
            case Tuple t -> t.elements();
            case Interval i -> List.of(i.lower(), i.upper());
            case Union u -> u.parts();
            case SetOf s -> s.elements();
            case ListOf l -> l.elements();
            case Matrix m -> m.rows().stream().flatMap(List::stream).toList();
            case Relation r -> r.operands();
        };
    }

    /** The same node with new children, in the order {@link #children} gives them. */
    static MathExpr rebuild(MathExpr e, List<MathExpr> c) {
        return switch (e) {
            case Add a -> new Add(c);
            case Mul m -> new Mul(c);
            case Pow p -> new Pow(c.get(0), c.get(1));
            case Call call -> children(call).isEmpty() ? call : new Call(call.function(), c);
            case PlusMinus pm -> pm.left() == null ? new PlusMinus(null, c.get(0)) : new PlusMinus(c.get(0), c.get(1));
            case Tuple t -> new Tuple(c);
            case Interval i -> new Interval(c.get(0), c.get(1), i.lowerOpen(), i.upperOpen());
            case Union u -> new Union(c);
            case SetOf s -> new SetOf(c);
            case ListOf l -> new ListOf(c);
            case Matrix m -> {
                List<List<MathExpr>> rows = new ArrayList<>();
                for (int r = 0; r < m.rows().size(); r++) rows.add(c.subList(r * m.columns(), (r + 1) * m.columns()));
                yield new Matrix(rows);
            }
            case Relation r -> new Relation(c, r.ops());
            default -> e;
        };
    }

    static Set<String> freeSymbols(MathExpr... exprs) {
        Set<String> names = new TreeSet<>();
        for (MathExpr e : exprs) visit(e, n -> {
            if (n instanceof Sym s) names.add(s.name());
        });
        return names;
    }

    /**
     * The fewest digits after the point among the decimal literals ({@code 0.33} → 2), or -1 when the
     * expression has none. Only such a float earns a tolerance: half a unit in its last place.
     */
    static int floatDecimals(MathExpr e) {
        int[] min = {Integer.MAX_VALUE};
        visit(e, n -> {
            if (n instanceof Num num && num.decimals() >= 0) min[0] = Math.min(min[0], num.decimals());
        });
        return min[0] == Integer.MAX_VALUE ? -1 : min[0];
    }

    /**
     * Decimal digits of working precision that an irrational comparison needs: a base of 64 plus the
     * digits written in the expression, plus an integer power's exponent times its base's digits (so
     * {@code \sqrt 2 / 2^{200}} is told apart from {@code \sqrt 2 / 2^{201}}).
     */
    static long precisionDemand(MathExpr e) {
        long[] digits = {0};
        visit(e, n -> {
            if (n instanceof Num num) digits[0] += num.value().numerator().abs().toString().length() + num.value().denominator().toString().length();
            if (n instanceof Pow p && p.exponent() instanceof Num exp && exp.value().isInteger()
                    && exp.value().numerator().bitLength() < 31) {
                long baseDigits = p.base() instanceof Num b ? b.value().bitLength() * 3L / 10 + 1 : 2;
                digits[0] += Math.abs(exp.value().numerator().longValue()) * baseDigits;
            }
        });
        return digits[0];
    }

    static boolean isInfinity(MathExpr e) {
        return infinitySign(e) != 0;
    }

    /** +1 for ∞ and +∞, -1 for -∞, 0 for anything else. */
    static int infinitySign(MathExpr e) {
        if (e instanceof Const c && c.kind() == Const.Kind.INFINITY) return 1;
        if (e instanceof Mul m && m.factors().size() == 2 && m.factors().getFirst() instanceof Num n
                && n.value().equals(ExactRational.MINUS_ONE)) {
            return -infinitySign(m.factors().get(1));
        }
        return 0;
    }

    /**
     * Whether the left side of {@code L = R} names the answer rather than states a condition: a symbol
     * ({@code x}, {@code a_3}), a function of symbols ({@code f(x)}), {@code |AB|}, {@code NO/BO}, a
     * tuple of names — no numbers and no sums. Then {@code L = 5} answers "5" (Math-Verify), while
     * {@code 2x + z = 1} or {@code 7 = 11a + c} is an equation to compare as a whole.
     */
    static boolean isNameLike(MathExpr e) {
        return switch (e) {
            case Sym s -> true;
            case Mul m -> m.factors().stream().allMatch(ExpressionFacts::isNameLike);
            // Only a division (NO/BO): -x = 5 or x^2 = 4 are conditions on x, not names.
            case Pow p -> p.exponent() instanceof Num n && n.value().equals(ExactRational.MINUS_ONE) && isNameLike(p.base());
            case Call c -> !c.args().isEmpty() && c.args().stream().allMatch(ExpressionFacts::isNameLike);
            case Tuple t -> t.elements().stream().allMatch(ExpressionFacts::isNameLike);
            default -> false;
        };
    }
}
