package io.reason4j.rl;

/**
 * {@code ppo_clip}: the clipped surrogate per token ({@link ClippedObjective}) with token ratios
 * {@code ρ_{i,t} = exp(log π_θ − log π_old)}, the log-ratio clamped to ±20.
 * {@code d L_{i,t} / d log π_θ(o_{i,t}) = dL/dρ · ρ} (0 where the clamp or a clip bites).
 */
public final class PpoClipLoss implements PolicyLoss {
    @Override
    public String name() {
        return "ppo_clip";
    }

    @Override
    public PolicyLossResult compute(PolicyLossInputs in, float[][] weights, float[][] tokenWeights, PolicyLossConfig c) {
        float[][] coefficients = new float[in.mask().length][];
        double loss = 0, low = 0, high = 0, dual = 0, kl = 0;
        for (int i = 0; i < coefficients.length; i++) {
            coefficients[i] = new float[in.mask()[i].length];
            for (int t = 0; t < coefficients[i].length; t++) {
                if (in.mask()[i][t] <= 0) continue;
                double logRatio = in.logRatio(i, t), ratio = Math.exp(logRatio);
                ClippedObjective o = ClippedObjective.of(in.advantages()[i][t], ratio, c);
                double w = weights[i][t], m = tokenWeights[i][t];
                loss += w * o.loss();
                if (!in.logRatioClamped(i, t)) coefficients[i][t] = (float) (w * o.dLossdRatio() * ratio);
                if (o.clippedLow()) low += m;
                if (o.clippedHigh()) high += m;
                if (o.clippedDual()) dual += m;
                kl += m * (ratio - 1 - logRatio);
            }
        }
        return new PolicyLossResult(loss, coefficients, low, high, dual, kl);
    }
}
