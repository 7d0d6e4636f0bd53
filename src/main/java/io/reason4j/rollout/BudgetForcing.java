package io.reason4j.rollout;

/**
 * s1's budget forcing (Muennighoff et al. 2025, "s1: Simple test-time scaling"): control how long
 * the model thinks at decode time. The response starts in its thinking segment, which ends when the
 * model writes {@code endOfThinking}.
 *
 * <ul>
 *   <li>Maximum: once the model has sampled {@code maxThinkingTokens} thinking tokens, thinking is
 *       cut there and {@code endOfThinking + answerPrompt} is inserted, so the model moves on to its
 *       answer.</li>
 *   <li>Extension: when the model ends its thinking while fewer than {@code minThinkingTokens} are
 *       used (or always, when no minimum is set), the delimiter it wrote is dropped and
 *       {@code extension} ("Wait", s1's best string) is inserted instead, at most {@code numExtend}
 *       times. The maximum counts across extensions, as s1 subtracts the tokens already used.</li>
 * </ul>
 * Thinking tokens are the tokens the model sampled (inserted tool output, extension strings and the
 * forced delimiter do not count), as s1 counts generated tokens. Inserted text has mask 0.
 *
 * @param endOfThinking     the delimiter, e.g. {@code </think>}
 * @param maxThinkingTokens 0 = no maximum
 * @param answerPrompt      inserted after a forced delimiter, e.g. {@code "\nFinal Answer:"}; may be empty
 * @param minThinkingTokens 0 = no minimum
 * @param extension         inserted in place of a suppressed delimiter
 * @param numExtend         extensions at most; {@link #UNLIMITED} when only a minimum bounds them
 */
public record BudgetForcing(String endOfThinking, int maxThinkingTokens, String answerPrompt, int minThinkingTokens,
                            String extension, int numExtend) {

    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** No forcing: the thinking segment is not tracked. */
    public static final BudgetForcing NONE = new BudgetForcing("</think>", 0, "", 0, "Wait", 0);

    public BudgetForcing {
        if (endOfThinking == null || endOfThinking.isEmpty()) throw new IllegalArgumentException("the end-of-thinking delimiter must not be empty");
        if (maxThinkingTokens < 0) throw new IllegalArgumentException("max thinking tokens must be >= 0 (0 = no maximum), got " + maxThinkingTokens);
        if (minThinkingTokens < 0) throw new IllegalArgumentException("min thinking tokens must be >= 0 (0 = no minimum), got " + minThinkingTokens);
        if (maxThinkingTokens > 0 && minThinkingTokens > maxThinkingTokens) {
            throw new IllegalArgumentException("min thinking tokens (" + minThinkingTokens + ") exceed max thinking tokens (" + maxThinkingTokens + ")");
        }
        if (numExtend < 0) throw new IllegalArgumentException("the number of extensions must be >= 0, got " + numExtend);
        if (numExtend > 0 && (extension == null || extension.isEmpty())) throw new IllegalArgumentException("the extension string must not be empty");
        if (answerPrompt == null) answerPrompt = "";
    }

    /** Whether the thinking segment is tracked at all. */
    public boolean active() {
        return maxThinkingTokens > 0 || minThinkingTokens > 0 || numExtend > 0;
    }

    /** Whether a delimiter the model wrote after {@code thinkingTokens} tokens and {@code extensions} extensions is suppressed. */
    boolean extendsAt(int thinkingTokens, int extensions) {
        if (extensions >= numExtend) return false;
        return minThinkingTokens == 0 || thinkingTokens < minThinkingTokens;
    }

    /** Thinking tokens the model may still sample, or {@link Integer#MAX_VALUE} without a maximum. */
    int thinkingLeft(int thinkingTokens) {
        return maxThinkingTokens == 0 ? Integer.MAX_VALUE : Math.max(0, maxThinkingTokens - thinkingTokens);
    }
}
