package io.reason4j.data.task;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One calculation of a worked solution, in both forms a trace writes it: as text the model works
 * out itself ({@code 347*28 = 9716}) and as Python that the interpreter runs ({@code print(347*28)}).
 *
 * <p>A later step uses the results of earlier ones, written {@code {k}} for the result of step k
 * (0-based): {@code {0}-1923}. A text-only trace fills them with the results computed here; a
 * code-integrated trace with what the interpreter printed, as a model reading its output would.
 *
 * @param code       the Python snippet, with {@code {k}} references, e.g. {@code print({0}-1923)}
 * @param expression the calculation as written in text, with {@code {k}} references, e.g. {@code {0}-1923}
 * @param value      its result, computed exactly when the problem was made (what a text trace states)
 */
public record CalculationStep(String code, String expression, String value) {
    private static final Pattern REFERENCE = Pattern.compile("\\{(\\d+)}");

    public CalculationStep {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(value, "value");
    }

    /** A step whose code prints {@code python} (an expression). */
    public static CalculationStep printing(String python, String expression, Object value) {
        return new CalculationStep("print(" + python + ")", expression, value.toString());
    }

    /** The code with earlier results filled in. */
    public String code(List<String> results) {
        return fill(code, results);
    }

    /** The text line: the calculation with earlier results filled in, {@code " = "}, and its result. */
    public String textLine(List<String> results, String result) {
        return fill(expression, results) + " = " + result;
    }

    /**
     * Replaces each {@code {k}} with {@code results.get(k)}. A negative result after an operator is
     * put in parentheses, so that {@code 5-{0}} with -3 reads {@code 5-(-3)}, not {@code 5--3}.
     */
    static String fill(String template, List<String> results) {
        Matcher m = REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int k = Integer.parseInt(m.group(1));
            if (k >= results.size()) throw new IllegalArgumentException("'" + template + "' uses result " + k + " of " + results.size());
            String r = results.get(k);
            boolean afterOperator = m.start() > 0 && "+-*/%^".indexOf(template.charAt(m.start() - 1)) >= 0;
            m.appendReplacement(out, Matcher.quoteReplacement(afterOperator && r.startsWith("-") ? "(" + r + ")" : r));
        }
        m.appendTail(out);
        return out.toString();
    }
}
