package io.reason4j.rollout;

/**
 * One trajectory to roll out.
 *
 * @param promptIds the prompt, e.g. a rendered chat template ending in the assistant header
 * @param seed      the sequence's sampling stream: the same seed gives the same trajectory
 * @param groupId   the group it belongs to (the n samples of one prompt share it)
 */
public record RolloutRequest(int[] promptIds, long seed, long groupId) {}
