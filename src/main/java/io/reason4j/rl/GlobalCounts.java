package io.reason4j.rl;

/**
 * The normalisers of a loss over a whole mini-batch, counted once before it is split into
 * micro-batches, so that accumulating micro-batch gradients gives the gradient of the whole
 * (methods.md, "Loss aggregation").
 *
 * @param tokens            Σ m over every masked-in token of the mini-batch
 * @param sequences         the responses with at least one masked-in token (a response whose loss is
 *                          wholly masked, e.g. a filtered overlong one, does not count)
 * @param maxResponseLength L_max, the constant of seq-mean-token-sum-norm (the configured maximum
 *                          response length, as in Dr. GRPO)
 */
public record GlobalCounts(double tokens, int sequences, int maxResponseLength) {

    /** The counts of these rows (the whole mini-batch). */
    public static GlobalCounts of(float[][] mask, int maxResponseLength) {
        double tokens = 0;
        int sequences = 0;
        for (float[] row : mask) {
            double s = 0;
            for (float m : row) s += m;
            tokens += s;
            if (s > 0) sequences++;
        }
        return new GlobalCounts(tokens, sequences, maxResponseLength);
    }

    /** Counts of two disjoint parts together. */
    public GlobalCounts plus(GlobalCounts other) {
        return new GlobalCounts(tokens + other.tokens, sequences + other.sequences, Math.max(maxResponseLength, other.maxResponseLength));
    }
}
