package io.reason4j.reward;

/** A named part of the reward (accuracy, format, overlong, ...); composed as the RL reward's terms ({@code io.reason4j.rl.TermReward}). */
public interface RewardComponent {
    /** The name under which the component is configured and logged ({@code rewards/<name>/mean}). */
    String name();

    ComponentScore score(RewardContext context);
}
