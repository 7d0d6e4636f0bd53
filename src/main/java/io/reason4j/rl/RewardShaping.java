package io.reason4j.rl;

/**
 * Reward-side options of methods.md ("Sampling-side techniques", "Reward normalisation"): DAPO's
 * overlong filtering and OpenRLHF's reward clipping ({@link RunningRewardNormalizer} holds the
 * running statistics; DAPO's soft overlong punishment is the reward term {@code overlong},
 * {@link io.reason4j.reward.OverlongPunishment}).
 */
public final class RewardShaping {
    private RewardShaping() {}

    /**
     * Overlong filtering (DAPO): whether a response's loss is masked out because it was truncated at
     * the length limit rather than finished (its reward says nothing about its content).
     */
    public static boolean filteredAsOverlong(boolean truncated, boolean overlongFilter) {
        return overlongFilter && truncated;
    }

    /** Clamps the reward into [−limit, limit]; a limit ≤ 0 turns clipping off. */
    public static double clip(double reward, double limit) {
        return limit > 0 ? Math.clamp(reward, -limit, limit) : reward;
    }
}
