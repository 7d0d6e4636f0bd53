package io.reason4j.rl;

/**
 * {@code reinforce}: {@code L_{i,t} = −Â_{i,t} log π_θ(o_{i,t})} (Williams 1992), no ratio and no
 * clip: for one on-policy update per rollout. The approximate KL to π_old is still reported.
 */
public final class ReinforceLoss implements PolicyLoss {
    @Override
    public String name() {
        return "reinforce";
    }

    @Override
    public PolicyLossResult compute(PolicyLossInputs in, float[][] weights, float[][] tokenWeights, PolicyLossConfig c) {
        float[][] coefficients = new float[in.mask().length][];
        double loss = 0, kl = 0;
        for (int i = 0; i < coefficients.length; i++) {
            coefficients[i] = new float[in.mask()[i].length];
            for (int t = 0; t < coefficients[i].length; t++) {
                if (in.mask()[i][t] <= 0) continue;
                double a = in.advantages()[i][t], w = weights[i][t], logRatio = in.logRatio(i, t);
                loss += -w * a * in.logProbs()[i][t];
                coefficients[i][t] = (float) (-w * a);
                kl += tokenWeights[i][t] * (Math.exp(logRatio) - 1 - logRatio);
            }
        }
        return new PolicyLossResult(loss, coefficients, 0, 0, 0, kl);
    }
}
