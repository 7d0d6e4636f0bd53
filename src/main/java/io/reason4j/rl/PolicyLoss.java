package io.reason4j.rl;

/**
 * A policy-gradient loss chosen by name ({@link PolicyLosses}); methods.md, "Policy losses".
 * Given the aggregation weights w_{i,t} ({@link LossAggregation#weights}) it returns the
 * aggregated loss and its exact derivative with respect to every log π_θ(o_{i,t}).
 */
public interface PolicyLoss {
    /** The name used in configuration files. */
    String name();

    /**
     * @param weights     w_{i,t}, the aggregation weights of these rows
     * @param tokenWeights m_{i,t} / (tokens of the mini-batch): the weights of the token-mean metrics
     */
    PolicyLossResult compute(PolicyLossInputs in, float[][] weights, float[][] tokenWeights, PolicyLossConfig config);
}
