package io.reason4j.data.task;

import java.math.BigInteger;

/**
 * An independent evaluator of the integer Python the tasks write ({@code print(347*28)},
 * {@code print(pow(56, 13, 97))}, {@code print((c1*b2-c2*b1)//884)}), with Python's semantics: floor
 * division, a remainder with the divisor's sign, unary minus binding tighter than *. Also reads
 * questions' {@code /} as exact division (it fails when a division is not exact). For tests: the
 * tasks' own Java computes its values another way, and the sandbox runs real Python.
 */
final class PythonIntegers {
    private final String s;
    private int pos;

    private PythonIntegers(String s) {
        this.s = s.replace(" ", "");
    }

    static BigInteger eval(String expression) {
        PythonIntegers p = new PythonIntegers(expression);
        BigInteger v = p.sum();
        if (p.pos != p.s.length()) throw new IllegalArgumentException("trailing text in " + expression + " at " + p.pos);
        return v;
    }

    /** The expression inside {@code print(...)}. */
    static BigInteger evalPrint(String code) {
        if (!code.startsWith("print(") || !code.endsWith(")")) throw new IllegalArgumentException("not a print: " + code);
        return eval(code.substring(6, code.length() - 1));
    }

    private BigInteger sum() {
        BigInteger v = product();
        while (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
            char op = s.charAt(pos++);
            BigInteger r = product();
            v = op == '+' ? v.add(r) : v.subtract(r);
        }
        return v;
    }

    private BigInteger product() {
        BigInteger v = unary();
        while (pos < s.length()) {
            if (s.startsWith("//", pos)) {
                pos += 2;
                v = floorDiv(v, unary());
            } else if (s.charAt(pos) == '/') {
                pos++;
                BigInteger d = unary();
                if (v.mod(d.abs()).signum() != 0) throw new IllegalArgumentException(v + "/" + d + " is not exact");
                v = v.divide(d);
            } else if (s.charAt(pos) == '*') {
                pos++;
                v = v.multiply(unary());
            } else if (s.charAt(pos) == '%') {
                pos++;
                BigInteger m = unary();
                v = v.subtract(m.multiply(floorDiv(v, m)));
            } else {
                break;
            }
        }
        return v;
    }

    private BigInteger unary() {
        if (s.charAt(pos) == '-') {
            pos++;
            return unary().negate();
        }
        if (s.startsWith("pow(", pos)) {
            pos += 4;
            BigInteger base = sum();
            expect(',');
            BigInteger exp = sum();
            expect(',');
            BigInteger mod = sum();
            expect(')');
            return base.modPow(exp, mod);
        }
        if (s.charAt(pos) == '(') {
            pos++;
            BigInteger v = sum();
            expect(')');
            return v;
        }
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
        if (start == pos) throw new IllegalArgumentException("expected a number at " + pos + " in " + s);
        return new BigInteger(s.substring(start, pos));
    }

    private void expect(char c) {
        if (pos >= s.length() || s.charAt(pos) != c) throw new IllegalArgumentException("expected " + c + " at " + pos + " in " + s);
        pos++;
    }

    private static BigInteger floorDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() != 0 && qr[1].signum() != b.signum() ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }
}
