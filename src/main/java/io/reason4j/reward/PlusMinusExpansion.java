package io.reason4j.reward;

import io.reason4j.reward.MathExpr.Add;
import io.reason4j.reward.MathExpr.PlusMinus;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code a \pm b} into its two answers a + b and a − b, so {@code 1 \pm \sqrt{19}} is the set of
 * two roots: it matches {@code \{1+\sqrt{19}, 1-\sqrt{19}\}} but never the single value 1 + √19 (a
 * "\pm trick" that would otherwise earn credit for one root by hedging over both).
 */
final class PlusMinusExpansion {
    /** 2⁴ variants at most; more ± signs than that in one answer is not a real answer. */
    private static final int MAX_SIGNS = 4;

    private PlusMinusExpansion() {}

    static List<MathExpr> expand(MathExpr e) {
        int[] count = {0};
        ExpressionFacts.visit(e, n -> {
            if (n instanceof PlusMinus) count[0]++;
        });
        if (count[0] == 0) return List.of(e);
        if (count[0] > MAX_SIGNS) throw new BudgetExceededException("more than " + MAX_SIGNS + " ± signs in one answer");
        return variants(e);
    }

    private static List<MathExpr> variants(MathExpr e) {
        if (e instanceof PlusMinus pm) {
            List<MathExpr> out = new ArrayList<>();
            List<MathExpr> lefts = pm.left() == null ? null : variants(pm.left());
            for (MathExpr right : variants(pm.right())) {
                if (lefts == null) {
                    out.add(right);
                    out.add(MathParser.negate(right));
                } else {
                    for (MathExpr left : lefts) {
                        out.add(new Add(List.of(left, right)));
                        out.add(new Add(List.of(left, MathParser.negate(right))));
                    }
                }
            }
            return out;
        }
        List<MathExpr> children = ExpressionFacts.children(e);
        if (children.isEmpty()) return List.of(e);
        List<List<MathExpr>> combos = List.of(List.of());
        for (MathExpr child : children) {
            List<List<MathExpr>> next = new ArrayList<>();
            for (List<MathExpr> prefix : combos) {
                for (MathExpr v : variants(child)) {
                    List<MathExpr> extended = new ArrayList<>(prefix);
                    extended.add(v);
                    next.add(extended);
                }
            }
            combos = next;
        }
        return combos.stream().map(c -> ExpressionFacts.rebuild(e, c)).toList();
    }
}
