package io.reason4j.rl;

/**
 * What an estimator gives, one row per response: Â_{i,t} (0 on masked-out tokens) and, for
 * critic-based estimators, the critic's targets R̂_{i,t} (returns), else null.
 */
public record Advantages(float[][] advantages, float[][] returns) {}
