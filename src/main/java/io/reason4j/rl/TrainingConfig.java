package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Section {@code training}: the actor's optimisation (methods.md, "Off-policy updates").
 *
 * @param steps            RL steps. Default 50.
 * @param lr               the actor's learning rate. Default 1e-6 (reported by DAPO, VAPO, ReTool; tiny
 *                         models need far more).
 * @param warmupSteps      linear warm-up steps. Default 0 (DAPO reports 20).
 * @param lrSchedule       after the warm-up: constant (verl's and DAPO's actor), linear to 0, or cosine to
 *                         min_lr_ratio of the peak (HF's schedules, {@link io.reason4j.model.LearningRateSchedule});
 *                         the actor's and the critic's (value pretraining included) alike. Default constant.
 * @param minLrRatio       cosine: the floor as a fraction of the peak rate. Default 0.
 * @param weightDecay      AdamW weight decay. Default 0.01 (verl's actor default).
 * @param maxGradNorm      gradient clipping by global norm. Default 1.0 (verl, OpenRLHF).
 * @param miniBatchPrompts prompts per optimizer step; the rollout of a step is split into
 *                         prompts_per_step / mini_batch_prompts mini-batches. Default 16.
 * @param ppoEpochs        passes over the rollout; the first mini-batch of the first is on-policy. Default 1.
 * @param microBatchRows   responses per forward/backward (accumulated; the loss uses global counts). Default 8.
 * @param seed             the run's seed. Default 0.
 * @param sftData          an SFT dataset (any format {@code reason4j sft} reads, through the model's tokenizer and
 *                         chat template) whose loss is mixed into every actor update (OpenRLHF's ptx,
 *                         InstructGPT's PPO-ptx: keeps the policy close to good data). "" = none. Default "".
 * @param sftCoef          γ: the update minimises the policy loss + γ · mean NLL of sft_rows examples'
 *                         trainable tokens. Default 0 (OpenRLHF's ptx_coef is 0.05 when it is on).
 * @param sftRows          SFT examples per actor update. Default 4.
 */
public record TrainingConfig(
        @JsonProperty("steps") int steps,
        @JsonProperty("lr") double lr,
        @JsonProperty("warmup_steps") int warmupSteps,
        @JsonProperty("lr_schedule") String lrSchedule,
        @JsonProperty("min_lr_ratio") double minLrRatio,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("mini_batch_prompts") int miniBatchPrompts,
        @JsonProperty("ppo_epochs") int ppoEpochs,
        @JsonProperty("micro_batch_rows") int microBatchRows,
        @JsonProperty("seed") long seed,
        @JsonProperty("sft_data") String sftData,
        @JsonProperty("sft_coef") double sftCoef,
        @JsonProperty("sft_rows") int sftRows) {

    public static final java.util.List<String> LR_SCHEDULES = java.util.List.of("constant", "linear", "cosine");

    public TrainingConfig {
        ConfigValueException.atLeast("steps", steps, 0);
        ConfigValueException.inRange("lr", lr, 0, 1);
        ConfigValueException.atLeast("warmup_steps", warmupSteps, 0);
        ConfigValueException.oneOf("lr_schedule", lrSchedule, LR_SCHEDULES);
        ConfigValueException.inRange("min_lr_ratio", minLrRatio, 0, 1);
        ConfigValueException.inRange("weight_decay", weightDecay, 0, 1);
        ConfigValueException.inRange("max_grad_norm", maxGradNorm, 0, Double.MAX_VALUE);
        ConfigValueException.atLeast("mini_batch_prompts", miniBatchPrompts, 1);
        ConfigValueException.atLeast("ppo_epochs", ppoEpochs, 1);
        ConfigValueException.atLeast("micro_batch_rows", microBatchRows, 1);
        if (sftData == null) sftData = "";
        ConfigValueException.inRange("sft_coef", sftCoef, 0, 100);
        ConfigValueException.atLeast("sft_rows", sftRows, 1);
    }

    /** The learning-rate schedule of {@code updates} optimizer steps (warm-up included) from {@code peak}. */
    public io.reason4j.model.LearningRateSchedule schedule(double peak, long warmupUpdates, long updates) {
        String shape = lrSchedule.equals("constant") ? "constant_with_warmup" : lrSchedule;
        return io.reason4j.model.LearningRateSchedule.named(shape, peak, Math.min(warmupUpdates, updates), updates,
                lrSchedule.equals("cosine") ? minLrRatio : 0);
    }

    /** This section with another number of steps. */
    public TrainingConfig withSteps(int n) {
        return new TrainingConfig(n, lr, warmupSteps, lrSchedule, minLrRatio, weightDecay, maxGradNorm, miniBatchPrompts, ppoEpochs, microBatchRows, seed,
                sftData, sftCoef, sftRows);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(50, 1e-6, 0, "constant", 0.0, 0.01, 1.0, 16, 1, 8, 0, "", 0.0, 4);
    }
}
