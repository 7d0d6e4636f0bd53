package io.reason4j.model;

/**
 * What the training forward pass gives per token of a {@link TokenBatch} (flat index t).
 *
 * @param targetLogProbs log π(target_t | tokens up to t), or 0 where the token has no target
 * @param entropies      H(π(· | tokens up to t)) = −Σ_v π_v log π_v, in nats
 * @param values         the value head's output, or null when the model has none
 */
public record TokenOutputs(float[] targetLogProbs, float[] entropies, float[] values) {}
