package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The whole RL configuration, one section per concern. Every key is documented on its section's
 * record with its default and the paper it comes from; {@code reason4j config show PRESET} prints
 * the effective values, and the preset files (resources {@code io/reason4j/rl/presets/}) hold every
 * key. Loaded by {@link RlConfigLoader}.
 *
 * @param preset the preset a file is layered on (grpo, ppo, …), or none for the defaults here
 */
public record RlConfig(
        @JsonProperty("preset") String preset,
        @JsonProperty("advantage") AdvantageConfig advantage,
        @JsonProperty("policy_loss") PolicyLossConfig policyLoss,
        @JsonProperty("kl") KlConfig kl,
        @JsonProperty("critic") CriticConfig critic,
        @JsonProperty("reward") RewardConfig reward,
        @JsonProperty("sampling") SamplingConfig sampling,
        @JsonProperty("budget_forcing") BudgetForcingConfig budgetForcing,
        @JsonProperty("sandbox") SandboxBackendConfig sandbox,
        @JsonProperty("training") TrainingConfig training,
        @JsonProperty("evaluation") EvaluationConfig evaluation,
        @JsonProperty("checkpoint") CheckpointConfig checkpoint,
        @JsonProperty("tracking") TrackingConfig tracking) {

    public RlConfig {
        if (preset == null || !(preset.equals("none") || RlConfigLoader.PRESETS.contains(preset))) {
            throw new ConfigValueException("preset", "is '" + preset + "'; allowed values: none, " + String.join(", ", RlConfigLoader.PRESETS));
        }
        try {
            RewardTerms.check(reward.terms(), sampling.maxResponseLength()); // options, and lengths against sampling.max_response_length
        } catch (ConfigValueException e) {
            throw new ConfigValueException("reward." + e.key(), e.getMessage());
        }
        if (sampling.toolFormat().equals("hermes") && reward.hasTerm("tool_use_format")) {
            throw new ConfigValueException("reward.terms", "has tool_use_format, which checks <code> blocks and ``` fences; with "
                    + "sampling.tool_format hermes the calls are <tool_call> turns it does not read; allowed: tool_format xml or fenced, or remove the term");
        }
        if (sampling.promptsPerStep() % training.miniBatchPrompts() != 0) {
            throw new ConfigValueException("training.mini_batch_prompts", "is " + training.miniBatchPrompts() + " but sampling.prompts_per_step is "
                    + sampling.promptsPerStep() + "; allowed: a divisor of prompts_per_step");
        }
    }

    public static RlConfig defaults() {
        return new RlConfig("none", AdvantageConfig.defaults(), PolicyLossConfig.defaults(), KlConfig.defaults(), CriticConfig.defaults(),
                RewardConfig.defaults(), SamplingConfig.defaults(), BudgetForcingConfig.defaults(), SandboxBackendConfig.defaults(), TrainingConfig.defaults(), EvaluationConfig.defaults(),
                CheckpointConfig.defaults(), TrackingConfig.defaults());
    }

    /** This configuration with another {@code training} section. */
    public RlConfig withTraining(TrainingConfig t) {
        return new RlConfig(preset, advantage, policyLoss, kl, critic, reward, sampling, budgetForcing, sandbox, t, evaluation, checkpoint, tracking);
    }

    /** This configuration with another {@code sampling} section. */
    public RlConfig withSampling(SamplingConfig s) {
        return new RlConfig(preset, advantage, policyLoss, kl, critic, reward, s, budgetForcing, sandbox, training, evaluation, checkpoint, tracking);
    }

    /** This configuration with another {@code reward} section. */
    public RlConfig withReward(RewardConfig r) {
        return new RlConfig(preset, advantage, policyLoss, kl, critic, r, sampling, budgetForcing, sandbox, training, evaluation, checkpoint, tracking);
    }

    /** This configuration with another {@code tracking} section. */
    public RlConfig withTracking(TrackingConfig t) {
        return new RlConfig(preset, advantage, policyLoss, kl, critic, reward, sampling, budgetForcing, sandbox, training, evaluation, checkpoint, t);
    }

    /** Whether a critic is trained: the estimator reads values. */
    public boolean needsCritic() {
        return AdvantageEstimators.of(advantage.estimator()).needsCritic();
    }

    /** Whether a reference model is loaded: KL is on with β > 0. */
    public boolean needsReference() {
        return kl.needsReference();
    }
}
