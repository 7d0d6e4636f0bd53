package io.reason4j.reward;

import java.util.List;

/**
 * A parsed answer: a scalar expression or a structure of them (tuple, interval, set, matrix, relation).
 *
 * <p>Subtraction is {@code Add} with a {@code Mul} by -1, division is {@code Mul} with a {@code Pow}
 * to -1, roots are powers with exponent 1/n; so sums and products are flat, order-free lists and
 * equivalence never depends on how an answer was written.
 */
public sealed interface MathExpr {

    /**
     * A number literal. {@code decimals} is the count of digits after the decimal point of a decimal
     * literal such as {@code 0.33} (its precision, which sets the only tolerance the verifier allows),
     * or -1 for an exact literal (integers, {@code 4.0} is still a decimal with one digit).
     */
    record Num(ExactRational value, int decimals) implements MathExpr {
        static Num exact(long v) {
            return new Num(ExactRational.of(v), -1);
        }
    }

    /** A variable or name: {@code x}, {@code a_3}, {@code \alpha}, {@code F_{n-1}}. */
    record Sym(String name) implements MathExpr {}

    /** π, Euler's e, or ∞ (only meaningful as an interval end). */
    record Const(Kind kind) implements MathExpr {
        public enum Kind { PI, E, INFINITY }
    }

    record Add(List<MathExpr> terms) implements MathExpr {}

    record Mul(List<MathExpr> factors) implements MathExpr {}

    record Pow(MathExpr base, MathExpr exponent) implements MathExpr {}

    /** A function: sin, ln, log (args: base, value), abs, factorial, binom, floor, ... or an opaque sum/product. */
    record Call(String function, List<MathExpr> args) implements MathExpr {}

    /** {@code left ± right}, or {@code ±right} when left is null: two answers in one. */
    record PlusMinus(MathExpr left, MathExpr right) implements MathExpr {}

    /** An ordered, parenthesised {@code (a, b, ...)}; with two elements it may also be an open interval. */
    record Tuple(List<MathExpr> elements) implements MathExpr {}

    /** {@code [a, b)} and friends; openness matters. */
    record Interval(MathExpr lower, MathExpr upper, boolean lowerOpen, boolean upperOpen) implements MathExpr {}

    record Union(List<MathExpr> parts) implements MathExpr {}

    /** {@code \{a, b\}}: order-free. */
    record SetOf(List<MathExpr> elements) implements MathExpr {}

    /**
     * A bare list {@code a, b and c}: order-free against sets and other lists, ordered against a tuple
     * (Math-Verify reads {@code {1,3}} as the tuple-like list 1, 3).
     */
    record ListOf(List<MathExpr> elements) implements MathExpr {}

    record Matrix(List<List<MathExpr>> rows) implements MathExpr {
        int columns() {
            return rows.getFirst().size();
        }
    }

    /** A chain {@code a op b op c ...}; {@code operands.size() == ops.size() + 1}. */
    record Relation(List<MathExpr> operands, List<RelOp> ops) implements MathExpr {
        public MathExpr first() {
            return operands.getFirst();
        }

        public MathExpr last() {
            return operands.getLast();
        }

        boolean isEquation() {
            return ops.stream().allMatch(op -> op == RelOp.EQ);
        }
    }

    enum RelOp {
        EQ("="), NE("\\ne"), LT("<"), LE("\\le"), GT(">"), GE("\\ge"), IN("\\in");

        final String latex;

        RelOp(String latex) {
            this.latex = latex;
        }

        /** The same relation read right to left: a < b is b > a. */
        RelOp flipped() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }
    }
}
