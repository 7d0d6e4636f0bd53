package io.reason4j.rl;

/**
 * What an advantage estimator reads, one row per response (row i, token t of the response; rows
 * may differ in length). An adapter from a rollout's trajectories is a copy of columns: the loss
 * mask, the outcome reward, the group id (the prompt the response was sampled for) and, for
 * critic-based estimators, the value of each response token.
 *
 * @param mask         m_{i,t}: 1 for tokens the policy generated, 0 for tool output and padding
 *                     (methods.md, "Notation"); estimators skip tokens with m = 0
 * @param tokenRewards r_{i,t}: the outcome reward on the last masked-in token plus per-token
 *                     penalties such as KL-in-reward ({@link TokenRewards}); only masked-in tokens count
 * @param scores       R_i, the scalar outcome reward of each response (group estimators)
 * @param groups       the group id of each response: responses to the same prompt share it
 * @param values       V(s_{i,t}) from the critic, or null when no estimator needs it
 */
public record AdvantageInputs(float[][] mask, float[][] tokenRewards, double[] scores, int[] groups, float[][] values) {
    public AdvantageInputs {
        int n = mask.length;
        if (tokenRewards.length != n || scores.length != n || groups.length != n || (values != null && values.length != n)) {
            throw new IllegalArgumentException("advantage inputs need one row per response: mask has " + n + ", token rewards "
                    + tokenRewards.length + ", scores " + scores.length + ", groups " + groups.length
                    + (values == null ? "" : ", values " + values.length));
        }
        for (int i = 0; i < n; i++) {
            requireRow("tokenRewards", tokenRewards[i], mask[i].length, i);
            if (values != null) requireRow("values", values[i], mask[i].length, i);
        }
    }

    /** Inputs for outcome rewards only: R_i on each response's last masked-in token. */
    public static AdvantageInputs ofScores(float[][] mask, double[] scores, int[] groups, float[][] values) {
        return new AdvantageInputs(mask, TokenRewards.outcome(mask, scores), scores, groups, values);
    }

    /** Number of responses. */
    public int size() {
        return mask.length;
    }

    static void requireRow(String name, float[] row, int length, int i) {
        if (row == null || row.length != length) {
            throw new IllegalArgumentException(name + " row " + i + " has " + (row == null ? "no" : row.length) + " entries, its mask has " + length);
        }
    }
}
