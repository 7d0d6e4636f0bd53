package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Section {@code critic}: the value model, trained only when the estimator needs one (gae).
 *
 * @param valueClip     ε_v of value clipping, ½·max((V − R̂)², (clip(V, V_old ± ε_v) − R̂)²); 0 turns it
 *                      off. Default 0.5 (verl's cliprange_value; methods.md: 0.2–0.5).
 * @param lr            the critic's learning rate. Default 2e-6 (reported for PPO and VAPO, with actor 1e-6).
 * @param pretrainSteps value pretraining (VC-PPO / VAPO): steps training only the critic on Monte-Carlo
 *                      returns of the fixed initial policy before PPO starts; 0 none. Default 0 (VC-PPO
 *                      reports 50–100 steps).
 * @param pretrainPatience value pretraining stops early after this many consecutive steps whose value
 *                      loss is not 1% below the best so far (VC-PPO: "until value loss plateaus";
 *                      {@link ValueLossPlateau}); 0 runs all pretrain_steps. Default 5.
 */
public record CriticConfig(
        @JsonProperty("value_clip") double valueClip,
        @JsonProperty("lr") double lr,
        @JsonProperty("pretrain_steps") int pretrainSteps,
        @JsonProperty("pretrain_patience") int pretrainPatience) {

    public CriticConfig {
        ConfigValueException.inRange("value_clip", valueClip, 0, 1000);
        ConfigValueException.inRange("lr", lr, 0, 1);
        ConfigValueException.atLeast("pretrain_steps", pretrainSteps, 0);
        ConfigValueException.atLeast("pretrain_patience", pretrainPatience, 0);
    }

    public static CriticConfig defaults() {
        return new CriticConfig(0.5, 2e-6, 0, 5);
    }
}
