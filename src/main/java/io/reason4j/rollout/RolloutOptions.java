package io.reason4j.rollout;

import io.reason4j.engine.SamplingParams;

/**
 * How rollouts are generated.
 *
 * @param sampling          temperature, top-p, top-k and the stop token ids (EOS, end of turn); its
 *                          max-new-tokens, seed and stop strings are set per turn by the rollout
 * @param maxResponseTokens the response's length limit, inserted tokens included (ReTool counts
 *                          interpreter output in the response length)
 * @param format            how tool calls and results are written
 * @param maxToolCalls      calls run per trajectory; one more ends it with {@link RolloutFinish#TOOL_LIMIT}
 *                          (public ReTool recipes use 8-16)
 * @param maxOutputChars    interpreter output is cut to about this many characters, head and tail kept
 * @param budget            s1 budget forcing, or {@link BudgetForcing#NONE}
 */
public record RolloutOptions(SamplingParams sampling, int maxResponseTokens, ToolFormat format, int maxToolCalls,
                             int maxOutputChars, BudgetForcing budget) {

    public static final int DEFAULT_MAX_TOOL_CALLS = 8;
    public static final int DEFAULT_MAX_OUTPUT_CHARS = 1024;

    public RolloutOptions {
        if (maxResponseTokens < 1) throw new IllegalArgumentException("max response tokens must be at least 1, got " + maxResponseTokens);
        if (maxToolCalls < 0) throw new IllegalArgumentException("max tool calls must be >= 0, got " + maxToolCalls);
        if (maxOutputChars < 0) throw new IllegalArgumentException("max output characters must be >= 0, got " + maxOutputChars);
        if (format == null) format = InlineToolFormat.XML;
        if (budget == null) budget = BudgetForcing.NONE;
    }

    /** Inline ReTool markers, 8 calls, 1024 output characters, no budget forcing. */
    public static RolloutOptions of(SamplingParams sampling, int maxResponseTokens) {
        return new RolloutOptions(sampling, maxResponseTokens, InlineToolFormat.XML, DEFAULT_MAX_TOOL_CALLS,
                DEFAULT_MAX_OUTPUT_CHARS, BudgetForcing.NONE);
    }

    public RolloutOptions withFormat(ToolFormat f) {
        return new RolloutOptions(sampling, maxResponseTokens, f, maxToolCalls, maxOutputChars, budget);
    }

    public RolloutOptions withMaxToolCalls(int n) {
        return new RolloutOptions(sampling, maxResponseTokens, format, n, maxOutputChars, budget);
    }

    public RolloutOptions withBudget(BudgetForcing b) {
        return new RolloutOptions(sampling, maxResponseTokens, format, maxToolCalls, maxOutputChars, b);
    }
}
