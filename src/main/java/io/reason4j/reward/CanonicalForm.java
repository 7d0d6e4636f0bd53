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
import java.util.List;
import java.util.stream.Collectors;

/**
 * A printed form of an expression in which sums, products and sets are sorted, so two writings of
 * the same structure print the same: used to compare names ({@code F_n}, {@code |AB|}), to key opaque
 * terms such as {@code \sum} bodies, and to seed the random evaluation points.
 */
final class CanonicalForm {
    private CanonicalForm() {}

    static String of(MathExpr e) {
        return switch (e) {
            case Num n -> n.value().toString();
            case Sym s -> s.name();
            case Const c -> c.kind().name().toLowerCase(java.util.Locale.ROOT);
            case Add a -> "(" + sorted(a.terms(), "+") + ")";
            case Mul m -> "(" + sorted(m.factors(), "*") + ")";
            case Pow p -> of(p.base()) + "^" + of(p.exponent());
            case Call c -> c.function() + "(" + joined(c.args(), ",") + ")";
            case PlusMinus pm -> (pm.left() == null ? "" : of(pm.left())) + "±" + of(pm.right());
            case Tuple t -> "(" + joined(t.elements(), ",") + ")";
            case Interval i -> (i.lowerOpen() ? "(" : "[") + of(i.lower()) + "," + of(i.upper()) + (i.upperOpen() ? ")" : "]");
            case Union u -> sorted(u.parts(), "∪");
            case SetOf s -> "{" + sorted(s.elements(), ",") + "}";
            case ListOf l -> "list(" + sorted(l.elements(), ",") + ")";
            case Matrix m -> m.rows().stream().map(r -> joined(r, "&")).collect(Collectors.joining("\\\\", "[", "]"));
            case Relation r -> relation(r);
        };
    }

    private static String relation(Relation r) {
        StringBuilder b = new StringBuilder(of(r.first()));
        for (int i = 0; i < r.ops().size(); i++) b.append(r.ops().get(i).latex).append(of(r.operands().get(i + 1)));
        return b.toString();
    }

    private static String sorted(List<MathExpr> items, String separator) {
        return items.stream().map(CanonicalForm::of).sorted().collect(Collectors.joining(separator));
    }

    private static String joined(List<MathExpr> items, String separator) {
        return items.stream().map(CanonicalForm::of).collect(Collectors.joining(separator));
    }
}
