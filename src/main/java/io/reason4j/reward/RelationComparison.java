package io.reason4j.reward;

import io.reason4j.reward.MathExpr.Add;
import io.reason4j.reward.MathExpr.Interval;
import io.reason4j.reward.MathExpr.RelOp;
import io.reason4j.reward.MathExpr.Relation;
import io.reason4j.reward.MathExpr.Tuple;
import io.reason4j.reward.MathExpr.Union;
import java.util.ArrayList;
import java.util.List;

/**
 * Equations and inequalities, against each other and against plain answers.
 *
 * <ul>
 *   <li>An assignment {@code k = 1} (a name on the left) answers 1; a prediction's chain
 *       {@code x = 5+5+1 = 11} answers its last value (Math-Verify reads both the same way). An equation
 *       that is a condition ({@code 2x + z = 1}) is never reduced to its right-hand side.</li>
 *   <li>Two equations are equivalent when L₁ − R₁ = c·(L₂ − R₂) for a constant c ≠ 0; two inequalities
 *       when, after writing both as {@code D < 0} (or ≤, ≠), c > 0 — so {@code a \le b} ≡ {@code b \ge a}
 *       and {@code x < 1} ≡ {@code -x > -1}, but {@code x < 5} ≢ {@code x > 5}.</li>
 *   <li>Inequalities against intervals go to {@link RealSetComparison}.</li>
 * </ul>
 */
final class RelationComparison {
    private final AnswerComparator answers;
    private final ScalarComparison scalars;
    private final RealSetComparison realSets;

    RelationComparison(AnswerComparator answers, ScalarComparison scalars) {
        this.answers = answers;
        this.scalars = scalars;
        this.realSets = new RealSetComparison(scalars);
    }

    Outcome compare(MathExpr gold, MathExpr pred) {
        if (gold instanceof Relation g && pred instanceof Relation p) return bothRelations(g, p);
        if (gold instanceof Relation g) {
            if (isAssignment(g) || isMembership(g)) return answers.compare(g.last(), pred);
            return realSets.compare(gold, pred).orElseGet(() -> Outcome.different("the reference is a relation, the prediction is not"));
        }
        Relation p = (Relation) pred;
        if (isMembership(p) || answersItsLastValue(p)) return answers.compare(gold, p.last());
        return realSets.compare(gold, pred).orElseGet(() -> Outcome.different("the prediction is a relation, the reference is not"));
    }

    private Outcome bothRelations(Relation g, Relation p) {
        if (isAssignment(g) && isAssignment(p) && CanonicalForm.of(g.first()).equals(CanonicalForm.of(p.first()))) {
            return answers.compare(g.last(), p.last());
        }
        if (isMembership(g) && isMembership(p)) return answers.compare(g.last(), p.last());
        if (g.isEquation() && p.isEquation()) return equations(g, p);
        if (g.isEquation() != p.isEquation()) {
            if (isAssignment(g)) return answers.compare(g.last(), p);
            if (answersItsLastValue(p)) return answers.compare(g, p.last());
            return Outcome.different("an equation and an inequality");
        }
        if (g.ops().size() == 1 && p.ops().size() == 1 && g.ops().getFirst() != RelOp.IN && p.ops().getFirst() != RelOp.IN) {
            Outcome single = singleInequalities(g, p);
            // Not proportional can still be the same set ({@code x^2 > 4} and {@code |x| > 2}).
            return single.isEquivalent() ? single : realSets.compare(g, p).orElse(single);
        }
        return realSets.compare(g, p).orElseGet(() -> chains(g, p));
    }

    private Outcome equations(Relation g, Relation p) {
        if (!isScalar(g.first()) || !isScalar(g.last()) || !isScalar(p.first()) || !isScalar(p.last())) {
            Outcome left = answers.compare(g.first(), p.first());
            return left.isEquivalent() ? answers.compare(g.last(), p.last()) : left;
        }
        Outcome o = scalars.proportional(difference(g.first(), g.last()), difference(p.first(), p.last()), false);
        if (o.verdict() != Verdict.UNDECIDED) return o;
        // Equations between constants ("1/2 = 10/9" ends a computation): compare the values they end with.
        return answers.compare(g.last(), p.last());
    }

    /** {@code a op b} against {@code c op' d}, both written as D < 0, D ≤ 0 or D ≠ 0. */
    private Outcome singleInequalities(Relation g, Relation p) {
        RelOp og = g.ops().getFirst(), op = p.ops().getFirst();
        MathExpr dg = towardsLess(g), dp = towardsLess(p);
        if (lessForm(og) != lessForm(op)) return Outcome.different("different relations: " + og.latex + " vs " + op.latex);
        return scalars.proportional(dg, dp, og != RelOp.NE);
    }

    /** Double inequalities read in the same direction, compared bound by bound. */
    private Outcome chains(Relation g, Relation p) {
        Relation a = ascending(g), b = ascending(p);
        if (!a.ops().equals(b.ops())) return Outcome.different("different relations");
        for (int i = 0; i < a.operands().size(); i++) {
            Outcome o = answers.compare(a.operands().get(i), b.operands().get(i));
            if (!o.isEquivalent()) return o;
        }
        return Outcome.equivalent("the same chain of relations");
    }

    private static Relation ascending(Relation r) {
        if (r.ops().stream().noneMatch(op -> op == RelOp.GT || op == RelOp.GE)) return r;
        List<MathExpr> operands = new ArrayList<>(r.operands()).reversed();
        List<RelOp> ops = new ArrayList<>(r.ops().stream().map(RelOp::flipped).toList()).reversed();
        return new Relation(operands, ops);
    }

    private static RelOp lessForm(RelOp op) {
        return op.flipped() == op ? op : (op == RelOp.GT || op == RelOp.LT ? RelOp.LT : RelOp.LE);
    }

    /** For a > b returns b − a (so that the relation reads D < 0); for a < b returns a − b. */
    private static MathExpr towardsLess(Relation r) {
        RelOp op = r.ops().getFirst();
        return op == RelOp.GT || op == RelOp.GE ? difference(r.last(), r.first()) : difference(r.first(), r.last());
    }

    private static MathExpr difference(MathExpr a, MathExpr b) {
        return new Add(List.of(a, MathParser.negate(b)));
    }

    static boolean isAssignment(Relation r) {
        return r.ops().size() == 1 && r.ops().getFirst() == RelOp.EQ && ExpressionFacts.isNameLike(r.first());
    }

    private static boolean isMembership(Relation r) {
        return r.ops().size() == 1 && r.ops().getFirst() == RelOp.IN;
    }

    /**
     * A prediction {@code x = 5+5+1 = 11} or {@code \frac12 = \frac{10}{9}} states its last value; but
     * {@code 7 = 11a + c} is a condition, not a value.
     */
    private static boolean answersItsLastValue(Relation p) {
        if (!p.isEquation()) return false;
        if (ExpressionFacts.isNameLike(p.first())) return true;
        return p.operands().stream().allMatch(o -> ExpressionFacts.freeSymbols(o).isEmpty());
    }

    private static boolean isScalar(MathExpr e) {
        return !(e instanceof Tuple || e instanceof Interval || e instanceof Union || e instanceof MathExpr.SetOf
                || e instanceof MathExpr.ListOf || e instanceof MathExpr.Matrix);
    }
}
