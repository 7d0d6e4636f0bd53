package io.reason4j.reward;

/**
 * DAPO's soft overlong punishment (Yu et al. 2025, eq. 13), added to the correctness reward: with
 * maximum length {@code L_max} and buffer {@code L_cache},
 * {@code R = 0} for {@code |o| ≤ L_max − L_cache}, {@code ((L_max − L_cache) − |o|) / L_cache} inside the
 * buffer (falling linearly to −1), and {@code −1} beyond {@code L_max}.
 */
public record OverlongPunishment(int maxLength, int cacheLength) implements RewardComponent {
    public static final String NAME = "overlong";

    public OverlongPunishment {
        if (cacheLength <= 0 || cacheLength > maxLength) {
            throw new IllegalArgumentException("overlong punishment needs 0 < cacheLength <= maxLength, got " + cacheLength + " and " + maxLength);
        }
    }

    /** The DAPO paper's setting: expected length 16384 tokens, a 4096-token buffer, L_max = 20480. */
    public static OverlongPunishment dapo() {
        return new OverlongPunishment(20480, 4096);
    }

    public double value(int length) {
        int soft = maxLength - cacheLength;
        if (length <= soft) return 0.0;
        if (length <= maxLength) return (double) (soft - length) / cacheLength;
        return -1.0;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentScore score(RewardContext context) {
        int length = context.sample().responseTokens();
        return new ComponentScore(NAME, value(length), length + " tokens (punished above " + (maxLength - cacheLength) + ", -1 above " + maxLength + ")");
    }
}
