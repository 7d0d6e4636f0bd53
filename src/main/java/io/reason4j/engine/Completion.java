package io.reason4j.engine;

/**
 * A finished completion: the sampled token ids, the log-probability of each (see {@link Sampler}),
 * why it ended, and its text when the engine has a tokenizer (else null).
 */
public record Completion(int[] tokenIds, float[] logprobs, FinishReason finishReason, String text) {}
