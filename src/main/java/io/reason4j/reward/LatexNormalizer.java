package io.reason4j.reward;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites an extracted answer into the plain LaTeX that {@link MathParser} reads: sizing and spacing
 * commands removed, text wrappers opened, units, currency, degrees and percent signs dropped, unicode
 * symbols spelled as LaTeX, and whole-answer number formats ({@code 7,425,000}, {@code 1 000},
 * {@code 1000,99}) turned into plain numbers. The rules follow Math-Verify's normalisation, except
 * that a percent sign is simply dropped: 28% matches 28, never 0.28 (no ×100 leniency).
 */
public final class LatexNormalizer {
    /** Unit words dropped after a value ("125 miles", "0.06 yuan"); single letters are never units. */
    static final Set<String> UNITS = Set.of("mile", "miles", "meter", "meters", "metre", "metres", "cm", "km", "mm", "kg",
            "yuan", "dollar", "dollars", "cent", "cents", "euro", "euros", "unit", "units", "inch", "inches", "foot", "feet",
            "ft", "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month",
            "months", "year", "years", "degree", "degrees", "gram", "grams", "liter", "liters", "litre", "litres", "pound",
            "pounds", "square", "sq", "cubic", "percent", "pct", "people", "students", "points", "ways", "times", "cm2",
            "m2", "mph", "kmh", "sqft", "rupees", "rs");
    // The lookahead for a letter spares trying ~70 alternatives at every digit, brace and space (regex alternation
    // was the largest single cost of a short check in a JFR profile of `reason4j bench verify`).
    private static final Pattern UNIT_WORD = Pattern.compile("(?<![\\\\A-Za-z])(?=[A-Za-z])(" + String.join("|", UNITS) + ")(\\s*\\^\\s*\\{?[23]\\}?)?(?![A-Za-z])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BARE_FUNCTION = Pattern.compile("(?<![\\\\A-Za-z])(?=[a-z])(sin|cos|tan|sec|csc|cot|arcsin|arccos|arctan|ln|log|exp|sqrt)(?![A-Za-z])");
    private static final Pattern SIZING = Pattern.compile("\\\\(left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)(?![A-Za-z])\\.?");
    private static final Pattern SPACING = Pattern.compile("\\\\(q?quad|displaystyle|textstyle|scriptstyle|limits|nolimits|hspace\\*?\\{[^}]*\\}|vspace\\*?\\{[^}]*\\})|(?<!\\\\)\\\\[,;:>! ]|~");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{?\\s*\\\\circ\\s*\\}?|\\\\circ|\\\\degree|°");
    private static final Pattern THOUSANDS = Pattern.compile("-?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern SPACED_THOUSANDS = Pattern.compile("-?\\d{1,3}( \\d{3})+(\\.\\d+)?");
    /** {@code 1000,99}: a comma decimal point, only after a 0 or 4+ digits (1,2 stays a list of two). */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("-?(0|\\d{4,}),\\d+");
    private static final Pattern THIN_SPACE_AFTER_COMMA = Pattern.compile(",\\\\!\\s*");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    private static final String[] TEXT_WRAPPERS = {"text", "textnormal", "textrm", "textbf", "textit", "mbox", "mathrm", "textup", "textsf", "texttt", "mathit", "mathbf"};

    private LatexNormalizer() {}

    public static String normalize(String answer) {
        String s = unicode(answer);
        s = LatexBraces.replaceCommand(s, new String[] {"boxed", "fbox"}, c -> c);
        s = THIN_SPACE_AFTER_COMMA.matcher(s).replaceAll(",");
        s = SPACING.matcher(s).replaceAll(" ");
        s = SIZING.matcher(s).replaceAll("");
        s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\lbrace", "\\{").replace("\\rbrace", "\\}")
                .replace("\\lvert", "|").replace("\\rvert", "|").replace("\\vert", "|").replace("\\colon", ":");
        s = LatexBraces.replaceCommand(s, TEXT_WRAPPERS, LatexNormalizer::textContent);
        s = DEGREES.matcher(s).replaceAll("");
        s = s.replace("\\%", " ").replace("%", " ").replace("\\$", " ").replace("$", " ").replace("€", " ").replace("£", " ")
                .replace("¥", " ");
        s = UNIT_WORD.matcher(s).replaceAll(" ");
        s = BARE_FUNCTION.matcher(s).replaceAll("\\\\$1");
        s = WHITE_SPACE.matcher(s).replaceAll(" ").trim();
        s = stripEnds(s);
        return numberFormats(s);
    }

    private static String unicode(String s) {
        return s.replace('−', '-').replace('–', '-').replace("≤", "\\le ").replace("≥", "\\ge ").replace("≠", "\\ne ")
                .replace("×", "\\times ").replace("·", "\\cdot ").replace("÷", "\\div ").replace("π", "\\pi ")
                .replace("∞", "\\infty ").replace("√", "\\sqrt ").replace("±", "\\pm ").replace("∓", "\\mp ").replace("∪", "\\cup ")
                .replace("∈", "\\in ").replace("²", "^2").replace("³", "^3").replace("≈", "\\approx ").replace("\u00a0", " ")
                .replace("\\infin ", "\\infty ");
    }

    /** Words in \text{}: "and"/"or" stay separators, units vanish, anything else is kept as letters. */
    private static String textContent(String content) {
        String t = content.trim();
        if (t.isEmpty()) return " ";
        if (UNITS.contains(t.toLowerCase(Locale.ROOT))) return " ";
        return " " + t + " ";
    }

    /** Trailing punctuation and a leading "=" or ":" are not part of the answer. */
    private static String stripEnds(String s) {
        while (!s.isEmpty()) {
            char last = s.charAt(s.length() - 1);
            if (last == '.' || last == ',' || last == ';' || last == ':' || last == '?') s = s.substring(0, s.length() - 1).trim();
            else if (s.endsWith("\\\\")) s = s.substring(0, s.length() - 2).trim();
            else break;
        }
        while (!s.isEmpty() && (s.charAt(0) == '=' || s.charAt(0) == ':')) s = s.substring(1).trim();
        return s;
    }

    private static String numberFormats(String s) {
        if (THOUSANDS.matcher(s).matches()) return s.replace(",", "");
        if (SPACED_THOUSANDS.matcher(s).matches()) return s.replace(" ", "");
        if (DECIMAL_COMMA.matcher(s).matches()) return s.replace(',', '.');
        return s;
    }
}
