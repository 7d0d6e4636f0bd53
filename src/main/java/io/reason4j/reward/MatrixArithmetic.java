package io.reason4j.reward;

import io.reason4j.reward.MathExpr.Add;
import io.reason4j.reward.MathExpr.Matrix;
import io.reason4j.reward.MathExpr.Mul;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds sums and products of matrix literals into one matrix of scalar expressions, so that
 * {@code \begin{pmatrix}1&2\\3&4\end{pmatrix} + \begin{pmatrix}5&6\\7&8\end{pmatrix}} can be compared
 * entry by entry with the evaluated sum (a Math-Verify conformance case).
 */
final class MatrixArithmetic {
    private MatrixArithmetic() {}

    static MathExpr fold(MathExpr e) {
        if (e instanceof Add a) {
            List<MathExpr> terms = a.terms().stream().map(MatrixArithmetic::fold).toList();
            if (terms.stream().noneMatch(t -> t instanceof Matrix)) return e;
            Matrix acc = null;
            for (MathExpr t : terms) {
                if (!(t instanceof Matrix m)) return e;
                acc = acc == null ? m : add(acc, m);
                if (acc == null) return e;
            }
            return acc;
        }
        if (e instanceof Mul m) {
            List<MathExpr> factors = m.factors().stream().map(MatrixArithmetic::fold).toList();
            List<MathExpr> scalars = new ArrayList<>();
            Matrix acc = null;
            for (MathExpr f : factors) {
                if (f instanceof Matrix matrix) {
                    acc = acc == null ? matrix : multiply(acc, matrix);
                    if (acc == null) return e;
                } else {
                    scalars.add(f);
                }
            }
            if (acc == null) return e;
            if (scalars.isEmpty()) return acc;
            List<List<MathExpr>> rows = new ArrayList<>();
            for (List<MathExpr> row : acc.rows()) {
                rows.add(row.stream().map(cell -> {
                    List<MathExpr> product = new ArrayList<>(scalars);
                    product.add(cell);
                    return (MathExpr) new Mul(product);
                }).toList());
            }
            return new Matrix(rows);
        }
        return e;
    }

    private static Matrix add(Matrix a, Matrix b) {
        if (a.rows().size() != b.rows().size() || a.columns() != b.columns()) return null;
        List<List<MathExpr>> rows = new ArrayList<>();
        for (int r = 0; r < a.rows().size(); r++) {
            List<MathExpr> row = new ArrayList<>();
            for (int c = 0; c < a.columns(); c++) row.add(new Add(List.of(a.rows().get(r).get(c), b.rows().get(r).get(c))));
            rows.add(row);
        }
        return new Matrix(rows);
    }

    private static Matrix multiply(Matrix a, Matrix b) {
        if (a.columns() != b.rows().size()) return null;
        List<List<MathExpr>> rows = new ArrayList<>();
        for (List<MathExpr> aRow : a.rows()) {
            List<MathExpr> row = new ArrayList<>();
            for (int c = 0; c < b.columns(); c++) {
                List<MathExpr> terms = new ArrayList<>();
                for (int k = 0; k < a.columns(); k++) terms.add(new Mul(List.of(aRow.get(k), b.rows().get(k).get(c))));
                row.add(new Add(terms));
            }
            rows.add(row);
        }
        return new Matrix(rows);
    }
}
