package io.reason4j.rl;

import java.util.List;
import java.util.Optional;

/**
 * Which keys of an {@link RlConfig} have an effect under its other settings. A key a user sets that
 * has none (critic settings without a critic, λ with a group estimator, clip ranges with the
 * reinforce loss, …) is an error naming the key, why it has no effect and what would make it
 * apply ({@link RlConfigLoader}); {@code config show} leaves such keys out. Preset files hold every
 * key, so keys that a preset's own choices make inert are simply not shown.
 *
 * <p>One rule per key or section: the rule's key covers itself and every key below it.
 */
public final class ConfigApplicability {
    private ConfigApplicability() {}

    /** A key (or a section) that applies only when {@code applies} holds; {@code why} says why not and what would make it apply. */
    private static final List<KeyRule<RlConfig>> RULES = List.of(
            new KeyRule<>("critic", RlConfig::needsCritic, c -> "has no effect: advantage.estimator is " + c.advantage().estimator()
                    + ", which trains no critic; it applies with advantage.estimator gae"),
            new KeyRule<>("critic.pretrain_patience", c -> c.critic().pretrainSteps() > 0,
                    c -> "has no effect: critic.pretrain_steps is 0, so there is no value pretraining to stop early; set pretrain_steps > 0"),
            new KeyRule<>("advantage.lambda", c -> isGae(c) && c.advantage().lengthAdaptiveAlpha() == 0, c -> isGae(c)
                    ? "has no effect: advantage.length_adaptive_alpha is " + c.advantage().lengthAdaptiveAlpha()
                      + ", which sets λ_actor per response (VAPO); set length_adaptive_alpha to 0 for a constant lambda"
                    : onlyGae(c)),
            new KeyRule<>("advantage.critic_lambda", ConfigApplicability::isGae, ConfigApplicability::onlyGae),
            new KeyRule<>("advantage.length_adaptive_alpha", ConfigApplicability::isGae, ConfigApplicability::onlyGae),
            new KeyRule<>("advantage.gamma", c -> List.of("gae", "reinforce_pp").contains(c.advantage().estimator()),
                    c -> "has no effect: advantage.estimator " + c.advantage().estimator()
                            + " reads each response's outcome score, not discounted token rewards; it applies with gae and reinforce_pp"),
            new KeyRule<>("advantage.grpo_std", c -> c.advantage().estimator().equals("grpo"),
                    c -> "has no effect: only advantage.estimator grpo divides by the group's std (the estimator is "
                            + c.advantage().estimator() + ")"),
            new KeyRule<>("advantage.epsilon", c -> c.advantage().estimator().equals("grpo") || whitens(c) || c.reward().normalize(),
                    c -> "has no effect: nothing divides by a std (estimator " + c.advantage().estimator()
                            + ", no whitening, reward.normalize false); it applies with estimator grpo, whiten always or reward.normalize true"),
            new KeyRule<>("policy_loss.clip_low", ConfigApplicability::hasRatio, ConfigApplicability::noRatio),
            new KeyRule<>("policy_loss.clip_high", ConfigApplicability::hasRatio, ConfigApplicability::noRatio),
            new KeyRule<>("policy_loss.dual_clip", ConfigApplicability::hasRatio, ConfigApplicability::noRatio),
            new KeyRule<>("policy_loss.positive_lm_threshold", c -> c.policyLoss().positiveLmCoef() > 0,
                    c -> "has no effect: policy_loss.positive_lm_coef is 0, so there is no positive-example LM loss; set positive_lm_coef > 0"),
            new KeyRule<>("kl.estimator", c -> c.needsReference(), ConfigApplicability::klOff),
            new KeyRule<>("kl.coef", c -> !c.kl().placement().equals("none"), ConfigApplicability::klOff),
            new KeyRule<>("kl.controller", c -> c.needsReference() && c.kl().placement().equals("reward"),
                    c -> "has no effect: a KL controller adapts β of KL in the reward only (kl.placement is " + c.kl().placement()
                            + "); set kl.placement: reward"),
            new KeyRule<>("kl.target", ConfigApplicability::adaptiveKl, ConfigApplicability::notAdaptive),
            new KeyRule<>("kl.horizon", ConfigApplicability::adaptiveKl, ConfigApplicability::notAdaptive),
            new KeyRule<>("sampling.max_sampling_rounds", c -> c.sampling().dynamicSampling(),
                    c -> "has no effect: sampling.dynamic_sampling is false, so every step samples one round; set dynamic_sampling: true"),
            new KeyRule<>("sampling.max_tool_calls", ConfigApplicability::hasTool, ConfigApplicability::noTool),
            new KeyRule<>("sampling.tool_format", ConfigApplicability::hasTool, ConfigApplicability::noTool),
            new KeyRule<>("sampling.max_output_chars", ConfigApplicability::hasTool, ConfigApplicability::noTool),
            new KeyRule<>("sandbox", ConfigApplicability::hasTool, ConfigApplicability::noTool),
            new KeyRule<>("sandbox.endpoints", c -> c.sandbox().backend().equals("sandbox_fusion"),
                    c -> "has no effect: sandbox.backend is local; set backend: sandbox_fusion to send the code to a service"),
            new KeyRule<>("sandbox.cpu_seconds", ConfigApplicability::localSandbox, ConfigApplicability::fusionLimits),
            new KeyRule<>("sandbox.max_processes", ConfigApplicability::localSandbox, ConfigApplicability::fusionLimits),
            new KeyRule<>("sandbox.max_file_mb", ConfigApplicability::localSandbox, ConfigApplicability::fusionLimits),
            new KeyRule<>("sandbox.max_output_bytes", ConfigApplicability::localSandbox, ConfigApplicability::fusionLimits),
            new KeyRule<>("budget_forcing.answer_prompt", c -> c.budgetForcing().maxThinkingTokens() > 0,
                    c -> "has no effect: budget_forcing.max_thinking_tokens is 0, so the end of thinking is never forced; set it > 0"),
            new KeyRule<>("budget_forcing.extend_with", c -> c.budgetForcing().numExtend() != 0, ConfigApplicability::noExtensions),
            new KeyRule<>("budget_forcing.min_thinking_tokens", c -> c.budgetForcing().numExtend() != 0, ConfigApplicability::noExtensions),
            new KeyRule<>("budget_forcing.end_of_thinking", c -> c.budgetForcing().active(),
                    c -> "has no effect: budget forcing is off (max_thinking_tokens 0, num_extend 0); set either"),
            new KeyRule<>("training.min_lr_ratio", c -> c.training().lrSchedule().equals("cosine"),
                    c -> "has no effect: training.lr_schedule is " + c.training().lrSchedule() + "; only cosine decays to a floor"),
            new KeyRule<>("training.sft_data", c -> c.training().sftCoef() > 0,
                    c -> "has no effect: training.sft_coef is 0, so no SFT loss is mixed in; set sft_coef > 0 (OpenRLHF's ptx_coef, e.g. 0.05)"),
            new KeyRule<>("training.sft_coef", c -> !c.training().sftData().isEmpty(), ConfigApplicability::noSftData),
            new KeyRule<>("training.sft_rows", c -> !c.training().sftData().isEmpty(), ConfigApplicability::noSftData),
            new KeyRule<>("evaluation.samples", c -> c.evaluation().temperature() > 0 || c.evaluation().samples() == 1,
                    c -> "has no effect beyond 1: evaluation.temperature is 0 (greedy), so every sample of a problem is the same response; "
                            + "set a temperature > 0 for avg@n"),
            new KeyRule<>("evaluation.top_p", c -> c.evaluation().temperature() > 0,
                    c -> "has no effect: evaluation.temperature is 0 (greedy); set a temperature > 0 to sample with top_p"));

    /** Why the dotted key has no effect under {@code c}, with what would make it apply; empty when it has one. */
    public static Optional<String> whyInert(RlConfig c, String dotted) {
        return KeyRule.whyInert(RULES, c, dotted);
    }

    private static String noSftData(RlConfig c) {
        return "has no effect: training.sft_data is empty, so there is no SFT loss to mix in; set sft_data to an SFT dataset";
    }

    private static boolean hasTool(RlConfig c) {
        return !c.sampling().tools().equals("none");
    }

    private static String noTool(RlConfig c) {
        return "has no effect: sampling.tools is none; set tools: python to call the interpreter";
    }

    private static boolean localSandbox(RlConfig c) {
        return c.sandbox().backend().equals("local");
    }

    private static String fusionLimits(RlConfig c) {
        return "has no effect: SandboxFusion's API takes only a wall time and a memory limit (sandbox.backend is sandbox_fusion); "
                + "set backend: local to enforce it";
    }

    private static String noExtensions(RlConfig c) {
        return "has no effect: budget_forcing.num_extend is 0, so no end of thinking is suppressed; set num_extend > 0 (or -1, unlimited)";
    }

    private static boolean isGae(RlConfig c) {
        return c.advantage().estimator().equals("gae");
    }

    private static String onlyGae(RlConfig c) {
        return "has no effect: only advantage.estimator gae reads it (the estimator is " + c.advantage().estimator() + ")";
    }

    private static boolean whitens(RlConfig c) {
        return switch (c.advantage().whiten()) {
            case "always" -> true;
            case "never" -> false;
            default -> AdvantageEstimators.of(c.advantage().estimator()).whitensByDefault();
        };
    }

    private static boolean hasRatio(RlConfig c) {
        return !c.policyLoss().name().equals("reinforce");
    }

    private static String noRatio(RlConfig c) {
        return "has no effect: policy_loss.name reinforce has no ratio to clip; it applies with ppo_clip and gspo";
    }

    private static String klOff(RlConfig c) {
        return "has no effect: kl.placement is none, so there is no KL term; set kl.placement: loss or reward";
    }

    private static boolean adaptiveKl(RlConfig c) {
        return c.needsReference() && c.kl().controller().equals("adaptive");
    }

    private static String notAdaptive(RlConfig c) {
        return "has no effect: only the adaptive KL controller has a target and horizon (kl.controller is " + c.kl().controller()
                + ", kl.placement " + c.kl().placement() + "); set kl.placement: reward and kl.controller: adaptive";
    }
}
