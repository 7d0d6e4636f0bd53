package io.reason4j.reward;

import java.util.ArrayList;
import java.util.List;

/** Splits a normalised LaTeX answer into tokens for {@link MathParser}. Linear in the input, no regex. */
final class LatexLexer {

    enum Type { NUMBER, LETTER, COMMAND, SYMBOL, BEGIN, END, ROW_SEP, WORD_SEP, EOF }

    /** One token; for COMMAND the text is the name without the backslash, for BEGIN/END the environment. */
    record Token(Type type, String text, int position) {
        boolean is(String symbol) {
            return type == Type.SYMBOL && text.equals(symbol);
        }

        boolean isCommand(String name) {
            return type == Type.COMMAND && text.equals(name);
        }
    }

    private LatexLexer() {}

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(s.charAt(i + 1)))) {
                int start = i;
                while (i < n && isDigit(s.charAt(i))) i++;
                if (i + 1 < n && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
                    i++;
                    while (i < n && isDigit(s.charAt(i))) i++;
                }
                out.add(new Token(Type.NUMBER, s.substring(start, i), start));
            } else if (isLetter(c)) {
                int end = i;
                while (end < n && isLetter(s.charAt(end))) end++;
                String word = s.substring(i, end).toLowerCase(java.util.Locale.ROOT);
                if (word.equals("and") || word.equals("or")) {
                    out.add(new Token(Type.WORD_SEP, word, i));
                    i = end;
                } else {
                    out.add(new Token(Type.LETTER, String.valueOf(c), i));
                    i++;
                }
            } else if (c == '\\') {
                i = command(s, i, out);
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("<=") || two.equals(">=") || two.equals("!=")) {
                    out.add(new Token(Type.SYMBOL, two, i));
                    i += 2;
                } else {
                    out.add(new Token(Type.SYMBOL, String.valueOf(c), i));
                    i++;
                }
            }
        }
        out.add(new Token(Type.EOF, "", n));
        return out;
    }

    private static int command(String s, int i, List<Token> out) {
        int n = s.length();
        if (i + 1 >= n) {
            out.add(new Token(Type.SYMBOL, "\\", i));
            return i + 1;
        }
        char next = s.charAt(i + 1);
        if (!isLetter(next)) {
            if (next == '\\') out.add(new Token(Type.ROW_SEP, "\\\\", i));
            else out.add(new Token(Type.SYMBOL, "\\" + next, i));
            return i + 2;
        }
        int end = i + 1;
        while (end < n && isLetter(s.charAt(end))) end++;
        String name = s.substring(i + 1, end);
        if ((name.equals("begin") || name.equals("end")) && end < n && s.charAt(end) == '{') {
            int close = s.indexOf('}', end);
            if (close > 0) {
                String env = s.substring(end + 1, close).replace("*", "").trim();
                out.add(new Token(name.equals("begin") ? Type.BEGIN : Type.END, env, i));
                return close + 1;
            }
        }
        out.add(new Token(Type.COMMAND, name, i));
        return end;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
