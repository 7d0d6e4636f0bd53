package io.reason4j.rl;

import io.reason4j.data.PromptExample;
import io.reason4j.rollout.ResponseText;

/**
 * Scores one finished response to a problem (retool.md, "Reward": outcome only, no reward for code
 * that merely runs). Implementations must be thread-safe: responses are scored in parallel.
 */
public interface OutcomeReward {

    /**
     * @param problem  the problem, with its reference answer
     * @param prompt   the prompt text the policy saw (restating it is not an answer)
     * @param response the response: all of it, and the policy's own words alone (what an answer is
     *                 read from: tool output and forced strings are not the policy's)
     */
    ScoredResponse score(PromptExample problem, String prompt, ResponseText response);
}
