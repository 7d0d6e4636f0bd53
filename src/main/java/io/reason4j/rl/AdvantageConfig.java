package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Section {@code advantage}: how Â is computed (methods.md, "Advantage estimators").
 *
 * @param estimator           registered estimator name ({@link AdvantageEstimators}): gae, grpo, dr_grpo,
 *                            rloo, reinforce_pp, reinforce_pp_baseline. Default grpo (DeepSeek-R1).
 * @param gamma               discount γ. Default 1.0 (verl, VC-PPO: γ = 1 throughout for outcome rewards).
 * @param lambda              GAE λ of the policy advantages (λ_actor). Default 0.95 (PPO, Schulman et al.
 *                            2017; VC-PPO reports 0.95–0.99 best).
 * @param criticLambda        GAE λ of the critic targets (λ_critic, decoupled GAE, VC-PPO). Default 1.0
 *                            (Monte-Carlo returns, VC-PPO); equal to lambda gives classic PPO.
 * @param lengthAdaptiveAlpha α of length-adaptive GAE (VAPO): λ_actor = 1 − 1/(α·|o_i|), clamped into
 *                            [0, 1], per response; 0 turns it off (constant lambda). VAPO reports 0.05 for
 *                            10k-token responses; tiny tasks need a larger α.
 * @param grpoStd             the std of grpo's group normalisation: unbiased (n − 1, verl, torch.std; default)
 *                            or population (n).
 * @param epsilon             ε in (R − mean)/(std + ε) and in whitening. Default 1e-6 (DeepSeekMath / verl).
 * @param whiten              advantage whitening over the global batch of masked-in tokens: auto (the
 *                            estimator's default: on for gae and reinforce_pp, off for group estimators;
 *                            methods.md), always, never. Default auto.
 */
public record AdvantageConfig(
        @JsonProperty("estimator") String estimator,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("lambda") double lambda,
        @JsonProperty("critic_lambda") double criticLambda,
        @JsonProperty("length_adaptive_alpha") double lengthAdaptiveAlpha,
        @JsonProperty("grpo_std") String grpoStd,
        @JsonProperty("epsilon") double epsilon,
        @JsonProperty("whiten") String whiten) {

    public static final List<String> STD_CHOICES = List.of("unbiased", "population");
    public static final List<String> WHITEN_CHOICES = List.of("auto", "always", "never");

    public AdvantageConfig {
        ConfigValueException.oneOf("estimator", estimator, AdvantageEstimators.names());
        ConfigValueException.inRange("gamma", gamma, 0, 1);
        ConfigValueException.inRange("lambda", lambda, 0, 1);
        ConfigValueException.inRange("critic_lambda", criticLambda, 0, 1);
        ConfigValueException.inRange("length_adaptive_alpha", lengthAdaptiveAlpha, 0, Double.MAX_VALUE);
        ConfigValueException.oneOf("grpo_std", grpoStd, STD_CHOICES);
        ConfigValueException.inRange("epsilon", epsilon, 0, 1);
        ConfigValueException.oneOf("whiten", whiten, WHITEN_CHOICES);
    }

    public static AdvantageConfig defaults() {
        return new AdvantageConfig("grpo", 1.0, 0.95, 1.0, 0.0, "unbiased", 1e-6, "auto");
    }
}
