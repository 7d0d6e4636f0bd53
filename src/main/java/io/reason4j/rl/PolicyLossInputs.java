package io.reason4j.rl;

/**
 * What a policy loss reads, one row per response (row i, token t), as {@link AdvantageInputs}.
 *
 * @param logProbs    log π_θ(o_{i,t}) under the current parameters (from the training forward)
 * @param oldLogProbs log π_old(o_{i,t}), the behaviour policy's (the rollout's log-probs, or a
 *                    recomputation before the first update)
 * @param advantages  Â_{i,t}
 * @param mask        m_{i,t}; masked-out tokens get no loss and no gradient
 */
public record PolicyLossInputs(float[][] logProbs, float[][] oldLogProbs, float[][] advantages, float[][] mask) {
    public PolicyLossInputs {
        int n = mask.length;
        if (logProbs.length != n || oldLogProbs.length != n || advantages.length != n) {
            throw new IllegalArgumentException("policy loss inputs need one row per response: mask " + n + ", log-probs " + logProbs.length
                    + ", old log-probs " + oldLogProbs.length + ", advantages " + advantages.length);
        }
        for (int i = 0; i < n; i++) {
            AdvantageInputs.requireRow("logProbs", logProbs[i], mask[i].length, i);
            AdvantageInputs.requireRow("oldLogProbs", oldLogProbs[i], mask[i].length, i);
            AdvantageInputs.requireRow("advantages", advantages[i], mask[i].length, i);
        }
    }

    /** log ρ = log π_θ − log π_old clamped to ±20 before exp (methods.md, "Notation"). */
    static final double LOG_RATIO_LIMIT = 20;

    /** The clamped log-ratio of token t of row i. */
    double logRatio(int i, int t) {
        return Math.clamp((double) logProbs[i][t] - oldLogProbs[i][t], -LOG_RATIO_LIMIT, LOG_RATIO_LIMIT);
    }

    /** d(clamped log-ratio)/d log π_θ: 1 inside the clamp, 0 where it bites. */
    boolean logRatioClamped(int i, int t) {
        return Math.abs((double) logProbs[i][t] - oldLogProbs[i][t]) > LOG_RATIO_LIMIT;
    }
}
