package io.reason4j.rl;

/**
 * {@code dr_grpo}: {@code Â_i = R_i − mean_g R}, no division by the std (Liu et al. 2025,
 * "Understanding R1-Zero-Like Training", Dr. GRPO); pair it with seq-mean-token-sum-norm.
 */
public final class GroupMeanAdvantage implements AdvantageEstimator {
    @Override
    public String name() {
        return "dr_grpo";
    }

    @Override
    public boolean whitensByDefault() {
        return false;
    }

    @Override
    public Advantages estimate(AdvantageInputs in, AdvantageConfig c) {
        return new Advantages(GroupStatistics.broadcast(centred(in), in.mask()), null);
    }

    /** R_i − mean of its group (a group of size 1: R_i). */
    static double[] centred(AdvantageInputs in) {
        GroupStatistics g = GroupStatistics.of(in.scores(), in.groups(), true);
        double[] a = new double[in.size()];
        for (int i = 0; i < a.length; i++) a[i] = in.scores()[i] - g.mean[i];
        return a;
    }
}
