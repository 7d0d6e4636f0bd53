package io.reason4j.rl;

import io.reason4j.data.PromptExample;

/**
 * Scores one finished response to a problem (retool.md, "Reward": outcome only, no reward for code
 * that merely runs). Implementations must be thread-safe: responses are scored in parallel.
 */
public interface OutcomeReward {

    /**
     * @param problem        the problem, with its reference answer
     * @param prompt         the prompt text the policy saw (restating it is not an answer)
     * @param response       the whole response text, tool output included
     * @param responseTokens the response's length in tokens
     */
    ScoredResponse score(PromptExample problem, String prompt, String response, int responseTokens);
}
