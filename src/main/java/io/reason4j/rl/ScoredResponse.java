package io.reason4j.rl;

import java.util.Map;

/**
 * What an {@link OutcomeReward} says of one response.
 *
 * @param reward     R_i before the trainer's shaping (overlong punishment, normalisation, clipping)
 * @param correct    whether the final answer is equivalent to the reference (the accuracy metric)
 * @param components each named part of the reward, logged as {@code reward/<name>/mean}
 * @param rule       the extraction rule that read the answer ({@code boxed}, {@code anchored_phrase}, …),
 *                   or null when none did or the reward does not say; logged for the hacking monitor
 * @param answers    how many answers the response states (boxes and anchored phrases), for the hacking monitor
 */
public record ScoredResponse(double reward, boolean correct, Map<String, Double> components, String rule, int answers) {
    public ScoredResponse {
        components = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(components)); // in the order given: metrics files list terms as configured
        if (answers < 0) throw new IllegalArgumentException("answers must be >= 0, got " + answers);
    }

    /** A score that says nothing of how the answer was found. */
    public ScoredResponse(double reward, boolean correct, Map<String, Double> components) {
        this(reward, correct, components, null, 0);
    }
}
