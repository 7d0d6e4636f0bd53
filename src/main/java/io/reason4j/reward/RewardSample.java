package io.reason4j.reward;

/**
 * One sampled response to score.
 *
 * @param prompt the question as the policy saw it (restatements of it are not answers), or null
 * @param response the policy's response text
 * @param reference the reference answer
 * @param responseTokens the response's length in tokens, for the length rewards
 */
public record RewardSample(String prompt, String response, String reference, int responseTokens) {
    public RewardSample {
        if (response == null || reference == null) throw new IllegalArgumentException("a reward sample needs a response and a reference");
        if (responseTokens < 0) throw new IllegalArgumentException("responseTokens must be >= 0, got " + responseTokens);
    }
}
