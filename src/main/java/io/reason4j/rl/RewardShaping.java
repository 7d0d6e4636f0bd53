package io.reason4j.rl;

/**
 * Reward-side options of methods.md ("Sampling-side techniques", "Reward normalisation"): DAPO's
 * soft overlong punishment and overlong filtering, and OpenRLHF's reward clipping. Pure functions
 * on (length, max length, cache); {@link RunningRewardNormalizer} holds the running statistics.
 */
public final class RewardShaping {
    private RewardShaping() {}

    /**
     * DAPO's soft overlong punishment (Yu et al. 2025, eq. 13): 0 if {@code |o| ≤ L_max − L_cache},
     * {@code ((L_max − L_cache) − |o|) / L_cache} inside the buffer, −1 beyond L_max; added to the
     * correctness reward. A cache of 0 turns it off (always 0).
     */
    public static double softOverlongPunishment(int length, int maxLength, int cache) {
        if (cache <= 0) return 0;
        int expected = maxLength - cache;
        if (length <= expected) return 0;
        if (length <= maxLength) return (double) (expected - length) / cache;
        return -1;
    }

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
