package io.reason4j.rl;

/**
 * {@code reinforce_pp_baseline}: {@code R_i − mean_g R} broadcast to every token, then whitened
 * over the batch by default (REINFORCE++-baseline, Hu 2025; OpenRLHF's recommendation for RLVR).
 */
public final class ReinforcePlusPlusBaselineAdvantage implements AdvantageEstimator {
    @Override
    public String name() {
        return "reinforce_pp_baseline";
    }

    @Override
    public boolean whitensByDefault() {
        return true;
    }

    @Override
    public Advantages estimate(AdvantageInputs in, AdvantageConfig c) {
        return new Advantages(GroupStatistics.broadcast(GroupMeanAdvantage.centred(in), in.mask()), null);
    }
}
