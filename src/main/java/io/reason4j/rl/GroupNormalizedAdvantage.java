package io.reason4j.rl;

/**
 * {@code grpo}: {@code Â_i = (R_i − mean_g R) / (std_g R + ε)} broadcast to every token (Shao et al.
 * 2024, DeepSeekMath; DeepSeek-R1). The std is unbiased by default, like verl ({@code grpo_std}).
 */
public final class GroupNormalizedAdvantage implements AdvantageEstimator {
    @Override
    public String name() {
        return "grpo";
    }

    @Override
    public boolean whitensByDefault() {
        return false;
    }

    @Override
    public Advantages estimate(AdvantageInputs in, AdvantageConfig c) {
        GroupStatistics g = GroupStatistics.of(in.scores(), in.groups(), c.grpoStd().equals("unbiased"));
        double[] a = new double[in.size()];
        for (int i = 0; i < a.length; i++) a[i] = (in.scores()[i] - g.mean[i]) / (g.std[i] + c.epsilon());
        return new Advantages(GroupStatistics.broadcast(a, in.mask()), null);
    }
}
