package io.reason4j.rl;

/**
 * Advantage whitening (methods.md, "Advantage normalisation"): {@code (Â − mean)/(std + ε)} with
 * mean and std over the masked-in tokens of the whole batch (all rows, not per row or per
 * micro-batch). The std is unbiased (Σ m (Â − mean)² / (Σ m − 1)), as in verl's masked_whiten.
 * Masked-out tokens stay 0.
 */
public final class AdvantageWhitening {
    private AdvantageWhitening() {}

    public static float[][] whiten(float[][] advantages, float[][] mask, double epsilon) {
        double count = 0, sum = 0;
        for (int i = 0; i < mask.length; i++) {
            for (int t = 0; t < mask[i].length; t++) {
                if (mask[i][t] <= 0) continue;
                count++;
                sum += advantages[i][t];
            }
        }
        float[][] out = new float[advantages.length][];
        for (int i = 0; i < out.length; i++) out[i] = new float[advantages[i].length];
        if (count == 0) return out;
        double mean = sum / count, squares = 0;
        for (int i = 0; i < mask.length; i++) {
            for (int t = 0; t < mask[i].length; t++) {
                if (mask[i][t] > 0) squares += (advantages[i][t] - mean) * (advantages[i][t] - mean);
            }
        }
        double std = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
        for (int i = 0; i < out.length; i++) {
            for (int t = 0; t < out[i].length; t++) if (mask[i][t] > 0) out[i][t] = (float) ((advantages[i][t] - mean) / (std + epsilon));
        }
        return out;
    }
}
