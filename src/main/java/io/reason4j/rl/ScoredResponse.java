package io.reason4j.rl;

import java.util.Map;

/**
 * What an {@link OutcomeReward} says of one response.
 *
 * @param reward     R_i before the trainer's shaping (overlong punishment, normalisation, clipping)
 * @param correct    whether the final answer is equivalent to the reference (the accuracy metric)
 * @param components each named part of the reward, logged as {@code reward/<name>/mean}
 */
public record ScoredResponse(double reward, boolean correct, Map<String, Double> components) {
    public ScoredResponse {
        components = Map.copyOf(components);
    }
}
