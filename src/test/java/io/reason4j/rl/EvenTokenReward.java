package io.reason4j.rl;

import io.reason4j.data.PromptExample;
import io.reason4j.rollout.ResponseText;
import java.util.Map;

/**
 * A task any RL algorithm must solve from a random model: write characters whose code point is even
 * (about half of what a random byte-level policy writes; an invalid byte decodes to U+FFFD, odd).
 * The reward is the share of such characters in the policy's words; "correct" when at least three quarters are (so groups start mixed, as
 * dynamic sampling needs).
 */
final class EvenTokenReward implements OutcomeReward {
    @Override
    public ScoredResponse score(PromptExample problem, String prompt, ResponseText response) {
        int[] chars = response.policyWords().codePoints().toArray();
        int even = 0;
        for (int c : chars) if (c % 2 == 0) even++;
        double r = chars.length == 0 ? 0 : (double) even / chars.length;
        return new ScoredResponse(r, r >= 0.75, Map.of("even", r));
    }
}
