package io.reason4j.reward;

import io.reason4j.reward.MathExpr.Interval;
import io.reason4j.reward.MathExpr.RelOp;
import io.reason4j.reward.MathExpr.Relation;
import io.reason4j.reward.MathExpr.Tuple;
import io.reason4j.reward.MathExpr.Union;
import io.reason4j.reward.ScalarComparison.Precision;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares answers that describe a set of real numbers in different ways: {@code 0 < f(x) < 1} and
 * {@code (0, 1)}, {@code 1 \le |z| \le 3/2} and {@code [-3/2,-1] \cup [1,3/2]}. Both sides are tested
 * for membership at every boundary either side mentions, between consecutive boundaries and beyond
 * the outermost ones; two such sets built from intervals and polynomial conditions agree everywhere
 * exactly when they agree at those points.
 */
final class RealSetComparison {
    private final ScalarComparison scalars;
    private final Precision precision;

    RealSetComparison(ScalarComparison scalars) {
        this.scalars = scalars;
        this.precision = Precision.exact(new MathContext(64, RoundingMode.HALF_EVEN));
    }

    /** A set of reals as a membership test, with the finite points where membership may change. */
    private interface RealSet {
        boolean contains(RealValue t);

        List<RealValue> boundaries();
    }

    /** Empty when the expression is not a set of reals in one unknown. */
    Optional<Outcome> compare(MathExpr gold, MathExpr pred) {
        Optional<RealSet> g = realSet(gold), p = realSet(pred);
        if (g.isEmpty() || p.isEmpty()) return Optional.empty();
        List<BigDecimal> cuts = new ArrayList<>();
        for (RealValue b : g.get().boundaries()) cuts.add(b.toBigDecimal(precision.mc()));
        for (RealValue b : p.get().boundaries()) cuts.add(b.toBigDecimal(precision.mc()));
        cuts.sort(BigDecimal::compareTo);
        List<BigDecimal> tests = new ArrayList<>();
        if (cuts.isEmpty()) tests.addAll(List.of(BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ONE.negate()));
        else {
            tests.add(cuts.getFirst().subtract(BigDecimal.ONE));
            tests.add(cuts.getLast().add(BigDecimal.ONE));
        }
        for (int i = 0; i < cuts.size(); i++) {
            tests.add(cuts.get(i));
            if (i + 1 < cuts.size()) tests.add(cuts.get(i).add(cuts.get(i + 1)).divide(BigDecimal.TWO, precision.mc()));
        }
        for (BigDecimal t : tests) {
            RealValue v = RealValue.of(ExactRational.of(t));
            boolean inG = g.get().contains(v), inP = p.get().contains(v);
            if (inG != inP) {
                return Optional.of(Outcome.different("the sets differ at " + v + " (in the " + (inG ? "reference" : "prediction") + " only)"));
            }
        }
        return Optional.of(Outcome.equivalent("the same set of real numbers (checked at " + tests.size() + " points)"));
    }

    private Optional<RealSet> realSet(MathExpr e) {
        return switch (e) {
            case Interval i -> interval(i.lower(), i.upper(), i.lowerOpen(), i.upperOpen());
            case Tuple t when t.elements().size() == 2 -> interval(t.elements().get(0), t.elements().get(1), true, true);
            case Union u -> union(u.parts());
            case Relation r when r.ops().size() == 1 && r.ops().getFirst() == RelOp.IN -> realSet(r.last());
            case Relation r when r.ops().stream().noneMatch(op -> op == RelOp.EQ || op == RelOp.IN) -> inequality(r);
            default -> Optional.empty();
        };
    }

    private Optional<RealSet> union(List<MathExpr> parts) {
        List<RealSet> sets = new ArrayList<>();
        for (MathExpr part : parts) {
            Optional<RealSet> s = realSet(part);
            if (s.isEmpty()) return Optional.empty();
            sets.add(s.get());
        }
        return Optional.of(new RealSet() {
            public boolean contains(RealValue t) {
                return sets.stream().anyMatch(s -> s.contains(t));
            }

            public List<RealValue> boundaries() {
                return sets.stream().flatMap(s -> s.boundaries().stream()).toList();
            }
        });
    }

    private Optional<RealSet> interval(MathExpr lower, MathExpr upper, boolean lowerOpen, boolean upperOpen) {
        int ls = ExpressionFacts.infinitySign(lower), us = ExpressionFacts.infinitySign(upper);
        if (ls > 0 || us < 0) return Optional.empty();
        RealValue lo, hi;
        try {
            lo = ls < 0 ? null : scalars.constant(lower, precision);
            hi = us > 0 ? null : scalars.constant(upper, precision);
        } catch (UndefinedValueException | MathSyntaxException e) {
            return Optional.empty();
        }
        List<RealValue> bounds = new ArrayList<>();
        if (lo != null) bounds.add(lo);
        if (hi != null) bounds.add(hi);
        return Optional.of(new RealSet() {
            public boolean contains(RealValue t) {
                if (lo != null) {
                    int c = scalars.compare(t, lo, precision);
                    if (c < 0 || (c == 0 && lowerOpen)) return false;
                }
                if (hi != null) {
                    int c = scalars.compare(t, hi, precision);
                    return c < 0 || (c == 0 && !upperOpen);
                }
                return true;
            }

            public List<RealValue> boundaries() {
                return bounds;
            }
        });
    }

    /**
     * An inequality chain in one unknown: a single variable ({@code x > 5}, {@code 1 \le |z|}), or the
     * middle of {@code a < M < b} with constant ends, whatever M is ({@code 0 < f(x) < 1}).
     */
    private Optional<RealSet> inequality(Relation r) {
        List<MathExpr> operands = r.operands();
        Set<String> symbols = ExpressionFacts.freeSymbols(r);
        int unknownIndex = -1;
        String unknown = null;
        if (symbols.size() == 1) {
            unknown = symbols.iterator().next();
        } else if (operands.size() == 3 && ExpressionFacts.freeSymbols(operands.get(0)).isEmpty()
                && ExpressionFacts.freeSymbols(operands.get(2)).isEmpty() && !symbols.isEmpty()) {
            unknownIndex = 1;
        } else {
            return Optional.empty();
        }
        List<RealValue> bounds = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            if (i == unknownIndex || !ExpressionFacts.freeSymbols(operands.get(i)).isEmpty()) continue;
            try {
                RealValue c = scalars.constant(operands.get(i), precision);
                bounds.add(c);
                bounds.add(c.isExact() ? RealValue.of(c.exact().negate()) : RealValue.approximately(c.approximate().negate()));
            } catch (UndefinedValueException | MathSyntaxException e) {
                return Optional.empty();
            }
        }
        String variable = unknown;
        int middle = unknownIndex;
        return Optional.of(new RealSet() {
            public boolean contains(RealValue t) {
                try {
                    Map<String, ExactRational> point = new HashMap<>();
                    if (variable != null) point.put(variable, t.exact());
                    List<RealValue> values = new ArrayList<>();
                    for (int i = 0; i < operands.size(); i++) {
                        values.add(i == middle ? t : scalars.valueAt(operands.get(i), precision, point));
                    }
                    for (int i = 0; i < r.ops().size(); i++) {
                        int c = scalars.compare(values.get(i), values.get(i + 1), precision);
                        boolean holds = switch (r.ops().get(i)) {
                            case LT -> c < 0;
                            case LE -> c <= 0;
                            case GT -> c > 0;
                            case GE -> c >= 0;
                            case NE -> c != 0;
                            default -> false;
                        };
                        if (!holds) return false;
                    }
                    return true;
                } catch (UndefinedValueException e) {
                    return false;
                }
            }

            public List<RealValue> boundaries() {
                return bounds;
            }
        });
    }
}
