package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Section {@code kl}: the KL penalty to the reference policy (methods.md, "Additional terms").
 *
 * @param placement  none (no reference model is loaded; DAPO, VAPO, ReTool), loss (+ β·KL in the loss,
 *                   GRPO) or reward (r_t −= β·KL_t, classic PPO / OpenRLHF). Default none.
 * @param estimator  k1, k2 or k3 (Schulman 2020). Default k3 (GRPO; low variance, ≥ 0).
 * @param coef       β; with placement reward and controller adaptive, its starting value. Default 0.001
 *                   (GRPO reports 0.04; verl's default 0.001).
 * @param controller fixed or adaptive (Ziegler et al. 2019, for placement reward). Default fixed.
 * @param target     the adaptive controller's target KL per response. Default 6.0 (Ziegler et al.).
 * @param horizon    the adaptive controller's horizon in samples. Default 10000 (Ziegler et al.).
 */
public record KlConfig(
        @JsonProperty("placement") String placement,
        @JsonProperty("estimator") String estimator,
        @JsonProperty("coef") double coef,
        @JsonProperty("controller") String controller,
        @JsonProperty("target") double target,
        @JsonProperty("horizon") double horizon) {

    public static final List<String> PLACEMENTS = List.of("none", "loss", "reward");
    public static final List<String> CONTROLLERS = List.of("fixed", "adaptive");

    public KlConfig {
        ConfigValueException.oneOf("placement", placement, PLACEMENTS);
        ConfigValueException.oneOf("estimator", estimator, KlEstimator.names());
        ConfigValueException.inRange("coef", coef, 0, 100);
        if (!placement.equals("none") && coef == 0) {
            throw new ConfigValueException("coef", "is 0 with placement " + placement + ", which leaves no KL term; allowed: a number > 0, "
                    + "or placement: none to turn KL off");
        }
        ConfigValueException.oneOf("controller", controller, CONTROLLERS);
        if (controller.equals("adaptive") && !placement.equals("reward")) {
            throw new ConfigValueException("controller", "is adaptive, which needs placement: reward (got " + placement + "); allowed: fixed");
        }
        if (!(target > 0)) throw new ConfigValueException("target", "is " + target + "; allowed: a number > 0");
        if (!(horizon > 0)) throw new ConfigValueException("horizon", "is " + horizon + "; allowed: a number > 0");
    }

    public static KlConfig defaults() {
        return new KlConfig("none", "k3", 0.001, "fixed", 6.0, 10000);
    }

    /** Whether a reference model is needed (KL on with β > 0). */
    public boolean needsReference() {
        return !placement.equals("none") && coef > 0;
    }
}
