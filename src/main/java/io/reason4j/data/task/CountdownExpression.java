package io.reason4j.data.task;

import io.reason4j.reward.ExactRational;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A countdown answer read and evaluated exactly: integers, {@code + - * /} and parentheses, with the
 * LaTeX and Unicode spellings a model may use ({@code \times}, {@code \cdot}, {@code \div}, ×, ÷,
 * {@code \left(}, {@code \right)}). Division is exact (rationals), so {@code 7/2*2} is 7 and a
 * solution may pass through fractions. There is no unary minus: every number must be one of the given
 * ones.
 *
 * @param value   the exact value
 * @param numbers the integers written, in order, for checking them against the given numbers
 */
record CountdownExpression(ExactRational value, List<BigInteger> numbers) {
    /** Longer answers are refused before parsing: a countdown expression is short. */
    static final int MAX_CHARS = 300;
    private static final int MAX_DEPTH = 50;

    /** Thrown for text that is not such an expression, and for division by zero; the message says which. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    static CountdownExpression parse(String text) throws Unreadable {
        if (text.length() > MAX_CHARS) throw new Unreadable("the expression is longer than " + MAX_CHARS + " characters");
        Parser p = new Parser(normalize(text));
        ExactRational v = p.sum(0);
        if (p.pos < p.s.length()) throw new Unreadable("unexpected '" + p.s.charAt(p.pos) + "' at position " + (p.pos + 1) + " of '" + p.s + "'");
        return new CountdownExpression(v, List.copyOf(p.numbers));
    }

    /** The plain form: ASCII operators, no spaces, no LaTeX sizing commands. */
    static String normalize(String text) {
        return text.replace("\\left", "").replace("\\right", "")
                .replace("\\times", "*").replace("\\cdot", "*").replace("×", "*")
                .replace("\\div", "/").replace("÷", "/")
                .replaceAll("\\s+", "");
    }

    /** Recursive descent, one level per precedence; depth is bounded by the parentheses allowed. */
    private static final class Parser {
        final String s;
        int pos;
        final List<BigInteger> numbers = new ArrayList<>();

        Parser(String s) {
            this.s = s;
        }

        ExactRational sum(int depth) throws Unreadable {
            ExactRational v = product(depth);
            while (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                char op = s.charAt(pos++);
                ExactRational r = product(depth);
                v = op == '+' ? v.add(r) : v.subtract(r);
            }
            return v;
        }

        ExactRational product(int depth) throws Unreadable {
            ExactRational v = atom(depth);
            while (pos < s.length() && (s.charAt(pos) == '*' || s.charAt(pos) == '/')) {
                char op = s.charAt(pos++);
                ExactRational r = atom(depth);
                if (op == '/' && r.signum() == 0) throw new Unreadable("it divides by zero");
                v = op == '*' ? v.multiply(r) : v.divide(r);
            }
            return v;
        }

        ExactRational atom(int depth) throws Unreadable {
            if (pos >= s.length()) throw new Unreadable("the expression '" + s + "' ends where a number or '(' should follow");
            char c = s.charAt(pos);
            if (c == '(' || c == '{') {
                if (depth >= MAX_DEPTH) throw new Unreadable("more than " + MAX_DEPTH + " nested parentheses");
                char close = c == '(' ? ')' : '}';
                pos++;
                ExactRational v = sum(depth + 1);
                if (pos >= s.length() || s.charAt(pos) != close) throw new Unreadable("a '" + c + "' in '" + s + "' is not closed");
                pos++;
                return v;
            }
            if (c == '-' || c == '+') throw new Unreadable("a sign before a number is not allowed (every number must be one of the given ones)");
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) pos++;
            if (start == pos) throw new Unreadable("unexpected '" + c + "' at position " + (pos + 1) + " of '" + s + "'");
            if (pos < s.length() && s.charAt(pos) == '.') throw new Unreadable("decimal numbers are not allowed (the given numbers are integers)");
            BigInteger n = new BigInteger(s.substring(start, pos));
            numbers.add(n);
            return ExactRational.of(n);
        }
    }
}
