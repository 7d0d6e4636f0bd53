package io.reason4j.reward;

/**
 * One sampled response to score.
 *
 * @param prompt         the question as the policy saw it (restatements of it are not answers), or null
 * @param response       the policy's own words: what answers, formats and languages are judged on
 * @param reference      the reference answer
 * @param responseTokens the response's length in tokens, inserted tool output included, for the length rewards
 * @param transcript     the whole response, tool output included, for the one reward that judges how tool
 *                       calls and their results sit together ({@link ToolUseFormatReward}); the response
 *                       itself when nothing was inserted
 */
public record RewardSample(String prompt, String response, String reference, int responseTokens, String transcript) {
    public RewardSample {
        if (response == null || reference == null) throw new IllegalArgumentException("a reward sample needs a response and a reference");
        if (responseTokens < 0) throw new IllegalArgumentException("responseTokens must be >= 0, got " + responseTokens);
        if (transcript == null) transcript = response;
    }

    /** A response the policy wrote all of. */
    public RewardSample(String prompt, String response, String reference, int responseTokens) {
        this(prompt, response, reference, responseTokens, response);
    }
}
