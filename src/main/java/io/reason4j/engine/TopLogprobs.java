package io.reason4j.engine;

/**
 * The most likely tokens at one position and their log-probabilities, most likely first (ties by
 * lower id): OpenAI's {@code top_logprobs}. The log-probabilities are those of the distribution the
 * token was sampled from, as {@link Sampler} reports for the chosen token.
 */
public record TopLogprobs(int[] tokenIds, float[] logprobs) {

    public TopLogprobs {
        if (tokenIds.length != logprobs.length) {
            throw new IllegalArgumentException(tokenIds.length + " token ids but " + logprobs.length + " log-probabilities");
        }
    }

    public int size() {
        return tokenIds.length;
    }
}
