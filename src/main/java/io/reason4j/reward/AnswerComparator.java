package io.reason4j.reward;

import io.reason4j.reward.MathExpr.Interval;
import io.reason4j.reward.MathExpr.ListOf;
import io.reason4j.reward.MathExpr.Matrix;
import io.reason4j.reward.MathExpr.Relation;
import io.reason4j.reward.MathExpr.SetOf;
import io.reason4j.reward.MathExpr.Tuple;
import io.reason4j.reward.MathExpr.Union;
import java.util.ArrayList;
import java.util.List;

/**
 * Equivalence of two parsed answers, structure first: ± becomes two answers, matrix sums are folded,
 * relations go to {@link RelationComparison}, collections are matched element by element (order-free
 * for sets and bare lists, ordered for tuples and matrices), intervals by endpoints and openness, and
 * scalars by {@link ScalarComparison}. One instance per check (it carries the check's budget).
 */
final class AnswerComparator {
    /** Larger collections than this are not answers but sprays; matching them is quadratic. */
    private static final int MAX_ELEMENTS = 64;

    private final CheckBudget budget;
    private final ScalarComparison scalars;
    private final RelationComparison relations;

    AnswerComparator(CheckBudget budget, int floatRounding) {
        this.budget = budget;
        this.scalars = new ScalarComparison(budget, floatRounding);
        this.relations = new RelationComparison(this, scalars);
    }

    Outcome compare(MathExpr gold, MathExpr pred) {
        budget.tick();
        MathExpr g = prepare(gold), p = prepare(pred);
        if (g instanceof Relation || p instanceof Relation) return relations.compare(g, p);
        if (isCollection(g) || isCollection(p)) return collections(g, p);
        if (isIntervalLike(g) && isIntervalLike(p) && !(g instanceof Tuple && p instanceof Tuple)) return intervals(g, p);
        if (g instanceof Tuple tg && p instanceof Tuple tp) return ordered(tg.elements(), tp.elements(), "tuples");
        if (g instanceof Matrix mg && p instanceof Matrix mp) return matrices(mg, mp);
        if (ExpressionFacts.isInfinity(g) || ExpressionFacts.isInfinity(p)) return endpoint(g, p);
        String kg = kind(g), kp = kind(p);
        if (!kg.equals(kp)) return Outcome.different("the reference is " + kg + ", the prediction is " + kp);
        try {
            return scalars.equivalent(g, p);
        } catch (MathSyntaxException e) {
            return Outcome.different(e.getMessage());
        }
    }

    /** ± into a set of answers (inside a set or list: into its elements), matrix arithmetic folded, singletons unwrapped. */
    private static MathExpr prepare(MathExpr e) {
        if (e instanceof SetOf || e instanceof ListOf) {
            List<MathExpr> elements = new ArrayList<>();
            for (MathExpr el : e instanceof SetOf s ? s.elements() : ((ListOf) e).elements()) elements.addAll(PlusMinusExpansion.expand(el));
            if (elements.size() == 1) return prepare(elements.getFirst());
            return e instanceof SetOf ? new SetOf(elements) : new ListOf(elements);
        }
        List<MathExpr> variants = PlusMinusExpansion.expand(e);
        if (variants.size() > 1) return new SetOf(variants);
        return MatrixArithmetic.fold(e);
    }

    private Outcome collections(MathExpr g, MathExpr p) {
        List<MathExpr> ge = elements(g), pe = elements(p);
        if (ge.size() > MAX_ELEMENTS || pe.size() > MAX_ELEMENTS) throw new BudgetExceededException("more than " + MAX_ELEMENTS + " answers in one list");
        // A bare list is ordered against a tuple ((1,3) vs {1,3}) and order-free against a set or another list.
        if (g instanceof Tuple || p instanceof Tuple) {
            if (g instanceof SetOf || p instanceof SetOf) return Outcome.different("a tuple is ordered, a set is not");
            return ordered(ge, pe, "lists");
        }
        if (g instanceof Interval || p instanceof Interval || g instanceof Matrix || p instanceof Matrix) {
            return Outcome.different("the reference is " + kind(g) + ", the prediction is " + kind(p));
        }
        return sameSet(ge, pe);
    }

    /**
     * Set equality: every reference answer is among the predicted ones and every predicted answer is
     * among the reference's (repeats do not count, as in Math-Verify). So a list of candidates never
     * matches a single reference value: \boxed{1,2,3,4,5} against 3 has answers that are not 3.
     */
    private Outcome sameSet(List<MathExpr> ge, List<MathExpr> pe) {
        for (MathExpr a : ge) {
            Outcome missing = firstUnmatched(a, pe, true);
            if (missing != null) return Outcome.different("the prediction lacks " + CanonicalForm.of(a) + " (" + missing.reason() + ")");
        }
        for (MathExpr b : pe) {
            Outcome extra = firstUnmatched(b, ge, false);
            if (extra != null) {
                return Outcome.different(ge.size() == 1 ? "the prediction gives " + pe.size() + " answers where the reference has one (a hedge earns no credit)"
                        : "the prediction has " + CanonicalForm.of(b) + ", which the reference lacks");
            }
        }
        return Outcome.equivalent("the same " + ge.size() + " answers, in any order");
    }

    /**
     * Null when {@code x} equals one of {@code candidates}, else the last comparison's outcome; the
     * reference stays on the left ({@code xIsGold}) because assignments are read asymmetrically.
     */
    private Outcome firstUnmatched(MathExpr x, List<MathExpr> candidates, boolean xIsGold) {
        Outcome last = Outcome.different("nothing to match");
        for (MathExpr c : candidates) {
            last = xIsGold ? compare(x, c) : compare(c, x);
            if (last.isEquivalent()) return null;
        }
        return last;
    }

    private Outcome ordered(List<MathExpr> ge, List<MathExpr> pe, String what) {
        if (ge.size() != pe.size()) return Outcome.different(what + " of different lengths: " + ge.size() + " vs " + pe.size());
        for (int i = 0; i < ge.size(); i++) {
            Outcome o = compare(ge.get(i), pe.get(i));
            if (!o.isEquivalent()) return Outcome.different("element " + (i + 1) + " differs: " + o.reason());
        }
        return Outcome.equivalent("the same " + what + " element by element");
    }

    private Outcome matrices(Matrix g, Matrix p) {
        if (g.rows().size() != p.rows().size() || g.columns() != p.columns()) {
            return Outcome.different("matrices of different shapes: " + g.rows().size() + "×" + g.columns() + " vs " + p.rows().size() + "×" + p.columns());
        }
        for (int r = 0; r < g.rows().size(); r++) {
            Outcome o = ordered(g.rows().get(r), p.rows().get(r), "rows");
            if (!o.isEquivalent()) return Outcome.different("row " + (r + 1) + ": " + o.reason());
        }
        return Outcome.equivalent("the same matrix entry by entry");
    }

    /** Intervals and unions of them: the same pieces with the same endpoints and the same openness. */
    private Outcome intervals(MathExpr g, MathExpr p) {
        List<Interval> gi = pieces(g), pi = pieces(p);
        if (gi == null || pi == null) return Outcome.different("the reference is " + kind(g) + ", the prediction is " + kind(p));
        if (gi.size() != pi.size()) return Outcome.different("unions of " + gi.size() + " and " + pi.size() + " intervals");
        boolean[] used = new boolean[pi.size()];
        for (Interval a : gi) {
            Outcome last = null;
            int match = -1;
            for (int j = 0; j < pi.size() && match < 0; j++) {
                if (used[j]) continue;
                last = sameInterval(a, pi.get(j));
                if (last.isEquivalent()) match = j;
            }
            if (match < 0) return last != null ? last : Outcome.different("intervals differ");
            used[match] = true;
        }
        return Outcome.equivalent("the same interval" + (gi.size() > 1 ? "s" : "") + " with the same openness");
    }

    private Outcome sameInterval(Interval a, Interval b) {
        if (a.lowerOpen() != b.lowerOpen() || a.upperOpen() != b.upperOpen()) {
            return Outcome.different("an open and a closed end: " + CanonicalForm.of(a) + " vs " + CanonicalForm.of(b));
        }
        Outcome lo = endpoint(a.lower(), b.lower());
        return lo.isEquivalent() ? endpoint(a.upper(), b.upper()) : lo;
    }

    private Outcome endpoint(MathExpr a, MathExpr b) {
        int sa = ExpressionFacts.infinitySign(a), sb = ExpressionFacts.infinitySign(b);
        if (sa != 0 || sb != 0) return sa == sb ? Outcome.equivalent("the same infinity") : Outcome.different("different interval ends");
        return compare(a, b);
    }

    private static List<Interval> pieces(MathExpr e) {
        return switch (e) {
            case Interval i -> List.of(i);
            case Tuple t when t.elements().size() == 2 -> List.of(new Interval(t.elements().get(0), t.elements().get(1), true, true));
            case Union u -> {
                List<Interval> all = new ArrayList<>();
                for (MathExpr part : u.parts()) {
                    List<Interval> ps = pieces(part);
                    if (ps == null) yield null;
                    all.addAll(ps);
                }
                yield all;
            }
            default -> null;
        };
    }

    private static boolean isCollection(MathExpr e) {
        return e instanceof SetOf || e instanceof ListOf;
    }

    private static boolean isIntervalLike(MathExpr e) {
        return e instanceof Interval || e instanceof Union || (e instanceof Tuple t && t.elements().size() == 2);
    }

    private static List<MathExpr> elements(MathExpr e) {
        return switch (e) {
            case SetOf s -> s.elements();
            case ListOf l -> l.elements();
            case Tuple t -> t.elements();
            default -> List.of(e);
        };
    }

    static String kind(MathExpr e) {
        return switch (e) {
            case Tuple t -> "a tuple of " + t.elements().size();
            case Interval i -> "an interval";
            case Union u -> "a union of intervals";
            case SetOf s -> "a set of " + s.elements().size();
            case ListOf l -> "a list of " + l.elements().size();
            case Matrix m -> "a matrix";
            case Relation r -> "a relation";
            default -> "a single value";
        };
    }
}
