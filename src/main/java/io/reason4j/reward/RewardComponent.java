package io.reason4j.reward;

/** A named part of the reward (accuracy, format, overlong, ...); composed by {@link CompositeReward}. */
public interface RewardComponent {
    /** The name under which the component is configured and logged ({@code rewards/<name>/mean}). */
    String name();

    ComponentScore score(RewardContext context);
}
