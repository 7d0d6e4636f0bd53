package io.reason4j.rl;

/**
 * {@code gspo}: Group Sequence Policy Optimization (Zheng et al. 2025). One ratio per response,
 * {@code s_i = exp(mean_t log ρ_{i,t})} over its masked-in tokens (each log-ratio clamped to ±20),
 * clipped per token with the token's advantage as in ppo_clip: {@code L_{i,t} = max(−Â_{i,t} s_i,
 * −Â_{i,t} clip(s_i))} (and dual-clip when set), then aggregated like any per-token loss.
 *
 * <p>The gradient is the exact derivative of that loss: s_i depends on every token of response i,
 * so {@code d loss / d log π_θ(o_{i,t'}) = Σ_t w_{i,t} dL_{i,t}/ds_i · s_i · m_{i,t'} / Σ_t m_{i,t}}:
 * every token of the response gets the same share of the sequence's gradient. With advantages
 * constant over a response and seq-mean-token-mean aggregation this is the paper's GSPO (and equal
 * to verl's "GSPO-token" form).
 */
public final class GspoLoss implements PolicyLoss {
    @Override
    public String name() {
        return "gspo";
    }

    @Override
    public PolicyLossResult compute(PolicyLossInputs in, float[][] weights, float[][] tokenWeights, PolicyLossConfig c) {
        float[][] coefficients = new float[in.mask().length][];
        double loss = 0, low = 0, high = 0, dual = 0, kl = 0;
        for (int i = 0; i < coefficients.length; i++) {
            float[] mask = in.mask()[i];
            coefficients[i] = new float[mask.length];
            double count = 0, sumLogRatio = 0;
            for (int t = 0; t < mask.length; t++) {
                if (mask[t] <= 0) continue;
                count += mask[t];
                sumLogRatio += mask[t] * in.logRatio(i, t);
            }
            if (count == 0) continue;
            double logRatio = sumLogRatio / count, ratio = Math.exp(logRatio);
            double dLossdRatio = 0; // Σ_t w_{i,t} dL_{i,t}/ds_i
            for (int t = 0; t < mask.length; t++) {
                if (mask[t] <= 0) continue;
                ClippedObjective o = ClippedObjective.of(in.advantages()[i][t], ratio, c);
                double m = tokenWeights[i][t];
                loss += weights[i][t] * o.loss();
                dLossdRatio += weights[i][t] * o.dLossdRatio();
                if (o.clippedLow()) low += m;
                if (o.clippedHigh()) high += m;
                if (o.clippedDual()) dual += m;
                double tokenLogRatio = in.logRatio(i, t);
                kl += m * (Math.exp(tokenLogRatio) - 1 - tokenLogRatio);
            }
            for (int t = 0; t < mask.length; t++) {
                if (mask[t] > 0 && !in.logRatioClamped(i, t)) coefficients[i][t] = (float) (dLossdRatio * ratio * mask[t] / count);
            }
        }
        return new PolicyLossResult(loss, coefficients, low, high, dual, kl);
    }
}
