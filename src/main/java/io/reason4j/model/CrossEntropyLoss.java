package io.reason4j.model;

/**
 * Mask-weighted mean negative log-likelihood of the targets,
 * {@code L = −Σ_t m_t log π(y_t) / D}, and its {@link TokenLossGradient} ({@code a_t = −m_t / D}).
 * D is the batch's own mask sum, or, for gradient accumulation over micro-batches, the whole
 * batch's (methods.md: normalise by the global token count, not the micro-batch's).
 */
public record CrossEntropyLoss(double loss, TokenLossGradient gradient) {

    /** Mean over the batch's own masked-in tokens. */
    public static CrossEntropyLoss of(TokenBatch batch, TokenOutputs outputs) {
        return of(batch, outputs, batch.maskSum());
    }

    /** Normalised by {@code normalizer} (e.g. the mask sum over all micro-batches of a step). */
    public static CrossEntropyLoss of(TokenBatch batch, TokenOutputs outputs, double normalizer) {
        int n = batch.size();
        float[] a = new float[n];
        double loss = 0;
        if (normalizer > 0) {
            float[] logp = outputs.targetLogProbs(), mask = batch.mask();
            for (int t = 0; t < n; t++) {
                if (mask[t] == 0f) continue;
                a[t] = (float) (-mask[t] / normalizer);
                loss -= mask[t] * (double) logp[t] / normalizer;
            }
        }
        return new CrossEntropyLoss(loss, TokenLossGradient.ofLogProbs(a));
    }
}
