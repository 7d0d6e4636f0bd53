package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Section {@code training}: the actor's optimisation (methods.md, "Off-policy updates").
 *
 * @param steps            RL steps. Default 50.
 * @param lr               the actor's learning rate. Default 1e-6 (reported by DAPO, VAPO, ReTool; tiny
 *                         models need far more).
 * @param warmupSteps      linear warm-up steps. Default 0 (DAPO reports 20).
 * @param weightDecay      AdamW weight decay. Default 0.01 (verl's actor default).
 * @param maxGradNorm      gradient clipping by global norm. Default 1.0 (verl, OpenRLHF).
 * @param miniBatchPrompts prompts per optimizer step; the rollout of a step is split into
 *                         prompts_per_step / mini_batch_prompts mini-batches. Default 16.
 * @param ppoEpochs        passes over the rollout; the first mini-batch of the first is on-policy. Default 1.
 * @param microBatchRows   responses per forward/backward (accumulated; the loss uses global counts). Default 8.
 * @param seed             the run's seed. Default 0.
 */
public record TrainingConfig(
        @JsonProperty("steps") int steps,
        @JsonProperty("lr") double lr,
        @JsonProperty("warmup_steps") int warmupSteps,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("mini_batch_prompts") int miniBatchPrompts,
        @JsonProperty("ppo_epochs") int ppoEpochs,
        @JsonProperty("micro_batch_rows") int microBatchRows,
        @JsonProperty("seed") long seed) {

    public TrainingConfig {
        ConfigValueException.atLeast("steps", steps, 0);
        ConfigValueException.inRange("lr", lr, 0, 1);
        ConfigValueException.atLeast("warmup_steps", warmupSteps, 0);
        ConfigValueException.inRange("weight_decay", weightDecay, 0, 1);
        ConfigValueException.inRange("max_grad_norm", maxGradNorm, 0, Double.MAX_VALUE);
        ConfigValueException.atLeast("mini_batch_prompts", miniBatchPrompts, 1);
        ConfigValueException.atLeast("ppo_epochs", ppoEpochs, 1);
        ConfigValueException.atLeast("micro_batch_rows", microBatchRows, 1);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(50, 1e-6, 0, 0.01, 1.0, 16, 1, 8, 0);
    }
}
