package io.reason4j.rl;

/**
 * {@code rloo}: REINFORCE leave-one-out (Kool et al. 2019; Ahmadian et al. 2024):
 * {@code Â_i = R_i − mean_{j≠i} R_j = G/(G−1) · (R_i − mean_g R)}. A group of size 1 has no other
 * response to compare with and gets R_i.
 */
public final class LeaveOneOutAdvantage implements AdvantageEstimator {
    @Override
    public String name() {
        return "rloo";
    }

    @Override
    public boolean whitensByDefault() {
        return false;
    }

    @Override
    public Advantages estimate(AdvantageInputs in, AdvantageConfig c) {
        GroupStatistics g = GroupStatistics.of(in.scores(), in.groups(), true);
        double[] a = new double[in.size()];
        for (int i = 0; i < a.length; i++) {
            int size = g.size[i];
            a[i] = size == 1 ? in.scores()[i] : size / (size - 1.0) * (in.scores()[i] - g.mean[i]);
        }
        return new Advantages(GroupStatistics.broadcast(a, in.mask()), null);
    }
}
