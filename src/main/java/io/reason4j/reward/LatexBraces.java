package io.reason4j.reward;

import java.util.function.UnaryOperator;

/** Brace matching in LaTeX text, iterative (no recursion, so any nesting depth is safe). */
final class LatexBraces {
    private LatexBraces() {}

    /** The index of the '}' that closes the '{' at {@code open}, or -1; escaped \{ and \} are skipped. */
    static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Replaces every {@code \name{content}} (for any of the names) by {@code replacement(content)};
     * nested uses are replaced too. An unclosed one is left as it is.
     */
    static String replaceCommand(String s, String[] names, UnaryOperator<String> replacement) {
        StringBuilder out = new StringBuilder(s);
        int from = 0;
        while (true) {
            int best = -1, nameLength = 0;
            for (String name : names) {
                int at = indexOfCommand(out, name, from);
                if (at >= 0 && (best < 0 || at < best)) {
                    best = at;
                    nameLength = name.length() + 1;
                }
            }
            if (best < 0) return out.toString();
            int open = best + nameLength;
            while (open < out.length() && out.charAt(open) == ' ') open++;
            if (open >= out.length() || out.charAt(open) != '{') {
                from = best + nameLength;
                continue;
            }
            int close = closing(out.toString(), open);
            if (close < 0) return out.toString();
            String content = replacement.apply(out.substring(open + 1, close));
            out.replace(best, close + 1, content);
            from = best;
        }
    }

    /** Position of {@code \name} not followed by a letter (so \text is not found inside \textbf). */
    static int indexOfCommand(CharSequence s, String name, int from) {
        String needle = "\\" + name;
        String str = s.toString();
        int at = str.indexOf(needle, from);
        while (at >= 0) {
            int end = at + needle.length();
            if (end >= str.length() || !LatexLexer.isLetter(str.charAt(end))) return at;
            at = str.indexOf(needle, at + 1);
        }
        return -1;
    }
}
