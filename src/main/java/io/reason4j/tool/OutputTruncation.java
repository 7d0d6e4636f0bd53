package io.reason4j.tool;

/**
 * Shortens long tool output for the model the way ReTool-style rollouts do: keep the head and the
 * tail (the first lines usually say what is printed, the last ones how it ended, e.g. the
 * exception) and mark the cut with the number of characters dropped.
 */
public final class OutputTruncation {
    private OutputTruncation() {}

    /** {@code text} itself when it fits in {@code maxChars}, else head + marker + tail of about that size. */
    public static String keepHeadAndTail(String text, int maxChars) {
        if (maxChars < 0) throw new IllegalArgumentException("maxChars must be >= 0, got " + maxChars);
        if (text.length() <= maxChars) return text;
        int head = maxChars / 2, tail = maxChars - head;
        // Never split a surrogate pair: a lone half would not survive tokenisation.
        if (head > 0 && Character.isHighSurrogate(text.charAt(head - 1))) head--;
        int tailStart = text.length() - tail;
        if (tail > 0 && Character.isLowSurrogate(text.charAt(tailStart))) tailStart++;
        int cut = tailStart - head;
        return text.substring(0, head) + "\n... [" + cut + " characters cut] ...\n" + text.substring(tailStart);
    }
}
