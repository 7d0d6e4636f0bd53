package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Section {@code policy_loss}: the actor's loss (methods.md, "Policy losses", "Loss aggregation").
 *
 * @param name                registered loss ({@link PolicyLosses}): ppo_clip, gspo, reinforce. Default ppo_clip.
 * @param clipLow             ε_low: ρ is clipped below at 1 − ε_low. Default 0.2 (PPO).
 * @param clipHigh            ε_high: ρ is clipped above at 1 + ε_high. Default 0.2 (PPO); 0.28 is
 *                            DAPO's clip-higher.
 * @param dualClip            c of dual-clip for Â &lt; 0 (Ye et al. 2020); 0 turns it off, else c &gt; 1.
 *                            Default 0 (verl's default when on is 3.0, DAPO's scripts 10.0).
 * @param aggregation         token-mean, seq-mean-token-mean, seq-mean-token-sum, seq-mean-token-sum-norm.
 *                            Default token-mean (DAPO / VAPO).
 * @param entropyCoef         c_H of the entropy bonus −c_H·H. Default 0 (entropy is always logged).
 * @param positiveLmCoef      μ of the positive-example LM loss (VAPO self-imitation, reported 0.1); 0 off.
 *                            Default 0.
 * @param positiveLmThreshold a response is a positive example when its reward R_i ≥ this. Default 1.0
 *                            (a correct answer under ±1 or 0/1 rewards).
 */
public record PolicyLossConfig(
        @JsonProperty("name") String name,
        @JsonProperty("clip_low") double clipLow,
        @JsonProperty("clip_high") double clipHigh,
        @JsonProperty("dual_clip") double dualClip,
        @JsonProperty("aggregation") String aggregation,
        @JsonProperty("entropy_coef") double entropyCoef,
        @JsonProperty("positive_lm_coef") double positiveLmCoef,
        @JsonProperty("positive_lm_threshold") double positiveLmThreshold) {

    public PolicyLossConfig {
        ConfigValueException.oneOf("name", name, PolicyLosses.names());
        ConfigValueException.inRange("clip_low", clipLow, 0, 1);
        ConfigValueException.inRange("clip_high", clipHigh, 0, 100);
        if (dualClip != 0 && !(dualClip > 1)) throw new ConfigValueException("dual_clip", "is " + dualClip + "; allowed: 0 (off) or a number > 1");
        ConfigValueException.oneOf("aggregation", aggregation, LossAggregation.names());
        ConfigValueException.inRange("entropy_coef", entropyCoef, -1, 1);
        ConfigValueException.inRange("positive_lm_coef", positiveLmCoef, 0, 100);
        ConfigValueException.inRange("positive_lm_threshold", positiveLmThreshold, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    public static PolicyLossConfig defaults() {
        return new PolicyLossConfig("ppo_clip", 0.2, 0.2, 0, "token-mean", 0, 0, 1.0);
    }

    /** A symmetric or clip-higher ppo_clip with dual-clip c (0 for none), other keys as the defaults (tests). */
    public static PolicyLossConfig clip(String name, double low, double high, double dual, String aggregation) {
        return new PolicyLossConfig(name, low, high, dual, aggregation, 0, 0, 1.0);
    }
}
