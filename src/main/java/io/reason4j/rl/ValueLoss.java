package io.reason4j.rl;

/**
 * The critic's loss (methods.md): per token {@code ½ max((V − R̂)², (clip(V, V_old ± ε_v) − R̂)²)}
 * (PPO value clipping as in OpenAI baselines / verl), aggregated with the given weights; ε_v ≤ 0
 * turns clipping off. The coefficients are {@code dL/dV}, the value gradients of {@link
 * io.reason4j.model.TokenLossGradient}.
 *
 * @param clipFraction token-mean fraction of tokens where the clipped term is in force
 */
public record ValueLoss(double loss, float[][] valueGradients, double clipFraction) {

    public static ValueLoss of(float[][] values, float[][] oldValues, float[][] returns, double clip, float[][] weights, float[][] tokenWeights) {
        float[][] gradients = new float[values.length][];
        double loss = 0, clipped = 0;
        for (int i = 0; i < values.length; i++) {
            gradients[i] = new float[values[i].length];
            for (int t = 0; t < values[i].length; t++) {
                double w = weights[i][t];
                if (w == 0) continue;
                double v = values[i][t], r = returns[i][t], unclippedError = v - r;
                double gradient = unclippedError, term = 0.5 * unclippedError * unclippedError;
                if (clip > 0) {
                    double old = oldValues[i][t], vc = Math.clamp(v, old - clip, old + clip), clippedError = vc - r;
                    if (0.5 * clippedError * clippedError > term) {
                        term = 0.5 * clippedError * clippedError;
                        gradient = vc == v ? clippedError : 0; // clip(V) is flat outside [V_old − ε, V_old + ε]
                        clipped += tokenWeights[i][t];
                    }
                }
                loss += w * term;
                gradients[i][t] = (float) (w * gradient);
            }
        }
        return new ValueLoss(loss, gradients, clipped);
    }

    /** Explained variance {@code 1 − Var(R̂ − V) / Var(R̂)} over masked-in tokens (VC-PPO); NaN when Var(R̂) = 0. */
    public static double explainedVariance(float[][] values, float[][] returns, float[][] mask) {
        double n = 0, sr = 0, srr = 0, sd = 0, sdd = 0;
        for (int i = 0; i < mask.length; i++) {
            for (int t = 0; t < mask[i].length; t++) {
                if (mask[i][t] <= 0) continue;
                double r = returns[i][t], d = r - values[i][t];
                n++;
                sr += r;
                srr += r * r;
                sd += d;
                sdd += d * d;
            }
        }
        if (n == 0) return Double.NaN;
        double varR = srr / n - (sr / n) * (sr / n), varD = sdd / n - (sd / n) * (sd / n);
        return varR <= 0 ? Double.NaN : 1 - varD / varR;
    }
}
