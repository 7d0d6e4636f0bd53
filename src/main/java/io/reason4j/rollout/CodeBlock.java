package io.reason4j.rollout;

import java.util.Optional;

/** Finding the code between two markers in the model's text, for the tool formats. */
final class CodeBlock {
    private CodeBlock() {}

    /**
     * The text between the last {@code open} and the first {@code close} after it, or empty when the
     * block is not closed (or not opened: the close marker alone, e.g. an opening fence, is no call).
     */
    static Optional<String> last(String text, String open, String close) {
        int start = text.lastIndexOf(open);
        if (start < 0) return Optional.empty();
        int end = text.indexOf(close, start + open.length());
        return end < 0 ? Optional.empty() : Optional.of(text.substring(start + open.length(), end));
    }

    /** ReTool writes {@code <code>\n```python\n…\n```\n</code>}: the fence lines are not code. */
    static String withoutFences(String code) {
        String s = code.strip();
        if (s.startsWith("```")) {
            int lineEnd = s.indexOf('\n');
            s = lineEnd < 0 ? "" : s.substring(lineEnd + 1);
        }
        if (s.endsWith("```")) s = s.substring(0, s.length() - 3);
        return s.strip();
    }
}
