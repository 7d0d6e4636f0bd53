package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reason4j.rollout.BudgetForcing;

/**
 * Section {@code budget_forcing}: s1's budget forcing (Muennighoff et al. 2025) on every rollout of
 * the run, training and held-out evaluation alike ({@link BudgetForcing}; the keys are the flags of
 * {@code reason4j generate} and {@code eval}). Inserted strings have loss mask 0: the policy is not
 * trained on words it did not write, and the reward never reads them. All off by default.
 *
 * @param maxThinkingTokens end thinking after this many sampled tokens: {@code end_of_thinking} and
 *                          {@code answer_prompt} are inserted. 0 = no maximum. Default 0.
 * @param minThinkingTokens suppress an end of thinking written before this many tokens. 0 = no minimum. Default 0.
 * @param extendWith        inserted in place of a suppressed end of thinking. Default "Wait" (s1's best string).
 * @param numExtend         suppress the end of thinking at most this many times; −1 = unlimited (only the
 *                          minimum bounds it). Default 0.
 * @param endOfThinking     the end-of-thinking delimiter. Default {@code </think>}.
 * @param answerPrompt      inserted after a forced end of thinking, e.g. "Final Answer:". Default "".
 */
public record BudgetForcingConfig(
        @JsonProperty("max_thinking_tokens") int maxThinkingTokens,
        @JsonProperty("min_thinking_tokens") int minThinkingTokens,
        @JsonProperty("extend_with") String extendWith,
        @JsonProperty("num_extend") int numExtend,
        @JsonProperty("end_of_thinking") String endOfThinking,
        @JsonProperty("answer_prompt") String answerPrompt) {

    public BudgetForcingConfig {
        ConfigValueException.atLeast("max_thinking_tokens", maxThinkingTokens, 0);
        ConfigValueException.atLeast("min_thinking_tokens", minThinkingTokens, 0);
        ConfigValueException.atLeast("num_extend", numExtend, -1);
        if (endOfThinking == null || endOfThinking.isEmpty()) throw new ConfigValueException("end_of_thinking", "is empty; allowed: the delimiter, e.g. </think>");
        if (numExtend != 0 && (extendWith == null || extendWith.isEmpty())) {
            throw new ConfigValueException("extend_with", "is empty; allowed: the text inserted in place of a suppressed end of thinking, e.g. Wait");
        }
        if (maxThinkingTokens > 0 && minThinkingTokens > maxThinkingTokens) {
            throw new ConfigValueException("min_thinking_tokens", "is " + minThinkingTokens + ", above max_thinking_tokens (" + maxThinkingTokens + ")");
        }
        if (answerPrompt == null) answerPrompt = "";
    }

    public static BudgetForcingConfig defaults() {
        return new BudgetForcingConfig(0, 0, "Wait", 0, "</think>", "");
    }

    /** The rollout's budget forcing. */
    public BudgetForcing budget() {
        return new BudgetForcing(endOfThinking, maxThinkingTokens, answerPrompt, minThinkingTokens, extendWith,
                numExtend < 0 ? BudgetForcing.UNLIMITED : numExtend);
    }

    /** Whether it changes anything. */
    public boolean active() {
        return budget().active();
    }
}
