package io.reason4j.rl;

import java.util.Arrays;
import java.util.List;

/**
 * How per-token losses L_{i,t} become one number (methods.md, "Loss aggregation"), as weights:
 * {@code L = Σ_{i,t} w_{i,t} L_{i,t}}. Every weight uses the counts of the whole mini-batch
 * ({@link GlobalCounts}), so the micro-batches' weighted sums add up to the mini-batch's loss.
 */
public enum LossAggregation {
    /** {@code Σ m L / Σ m} over the mini-batch: the DAPO / VAPO token-level loss, the modern default. */
    TOKEN_MEAN("token-mean"),
    /** {@code mean_i (Σ_t m L / Σ_t m)}: original GRPO (long responses are under-weighted per token). */
    SEQ_MEAN_TOKEN_MEAN("seq-mean-token-mean"),
    /** {@code mean_i Σ_t m L}. */
    SEQ_MEAN_TOKEN_SUM("seq-mean-token-sum"),
    /** {@code Σ m L / (N_seq · L_max)}: Dr. GRPO's constant normaliser. */
    SEQ_MEAN_TOKEN_SUM_NORM("seq-mean-token-sum-norm");

    private final String id;

    LossAggregation(String id) {
        this.id = id;
    }

    /** The name used in configuration files. */
    public String id() {
        return id;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(LossAggregation::id).toList();
    }

    public static LossAggregation of(String name) {
        for (LossAggregation a : values()) if (a.id.equals(name)) return a;
        throw new IllegalArgumentException("unknown loss aggregation '" + name + "'; known: " + String.join(", ", names()));
    }

    /** w_{i,t} for these rows of the mini-batch counted by {@code counts}; 0 where m = 0. */
    public float[][] weights(float[][] mask, GlobalCounts counts) {
        float[][] w = new float[mask.length][];
        for (int i = 0; i < mask.length; i++) {
            w[i] = new float[mask[i].length];
            double rowTokens = 0;
            for (float m : mask[i]) rowTokens += m;
            if (rowTokens == 0) continue;
            double denominator = switch (this) {
                case TOKEN_MEAN -> counts.tokens();
                case SEQ_MEAN_TOKEN_MEAN -> counts.sequences() * rowTokens;
                case SEQ_MEAN_TOKEN_SUM -> counts.sequences();
                case SEQ_MEAN_TOKEN_SUM_NORM -> (double) counts.sequences() * counts.maxResponseLength();
            };
            if (!(denominator > 0)) throw new IllegalArgumentException(id + " needs positive global counts, got " + counts);
            for (int t = 0; t < w[i].length; t++) w[i][t] = (float) (mask[i][t] / denominator);
        }
        return w;
    }
}
