package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Presets hold every key and methods.md's algorithmic choices; user files layer on them; mistakes name the key. */
class RlConfigTest {

    static java.util.List<String> presets() {
        return RlConfigLoader.PRESETS;
    }

    /** Every dotted key of the defaults appears, as a key, in the preset's own text. */
    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetLoadsAndShowsEveryKey(String name) {
        RlConfig config = RlConfigLoader.preset(name); // binding a preset alone fails on any missing key
        assertThat(config.preset()).isEqualTo(name);
        Set<String> keys = RlConfigLoader.keyLines(RlConfigLoader.fullYaml(RlConfig.defaults()), "defaults").keySet();
        Set<String> presetKeys = new HashSet<>(RlConfigLoader.keyLines(RlConfigLoader.presetText(name), name).keySet());
        assertThat(presetKeys).isEqualTo(keys);
        assertThat(RlConfigLoader.parseLayered(RlConfigLoader.toYaml(config), "round trip")).isEqualTo(config);
    }

    @Test
    void presetsKeepTheAlgorithmicChoicesOfMethodsMd() {
        RlConfig ppo = RlConfigLoader.preset("ppo");
        assertThat(ppo.advantage().estimator()).isEqualTo("gae");
        assertThat(ppo.advantage().lambda()).isEqualTo(0.95);
        assertThat(ppo.advantage().gamma()).isEqualTo(1.0);
        assertThat(ppo.kl().placement()).isEqualTo("reward");
        assertThat(ppo.kl().estimator()).isEqualTo("k1");
        assertThat(ppo.kl().coef()).isEqualTo(0.02);
        assertThat(ppo.critic().valueClip()).isPositive();
        assertThat(ppo.needsCritic()).isTrue();
        assertThat(ppo.critic().lr()).isEqualTo(2 * ppo.training().lr());

        RlConfig grpo = RlConfigLoader.preset("grpo");
        assertThat(grpo.advantage().estimator()).isEqualTo("grpo");
        assertThat(grpo.policyLoss().aggregation()).isEqualTo("seq-mean-token-mean");
        assertThat(grpo.kl().placement()).isEqualTo("loss");
        assertThat(grpo.kl().estimator()).isEqualTo("k3");
        assertThat(grpo.needsCritic()).isFalse();
        assertThat(grpo.needsReference()).isTrue();

        RlConfig dr = RlConfigLoader.preset("dr_grpo");
        assertThat(dr.advantage().estimator()).isEqualTo("dr_grpo");
        assertThat(dr.policyLoss().aggregation()).isEqualTo("seq-mean-token-sum-norm");
        assertThat(dr.needsReference()).isFalse();

        RlConfig dapo = RlConfigLoader.preset("dapo");
        assertThat(dapo.policyLoss().clipLow()).isEqualTo(0.2);
        assertThat(dapo.policyLoss().clipHigh()).isEqualTo(0.28);
        assertThat(dapo.policyLoss().aggregation()).isEqualTo("token-mean");
        assertThat(dapo.sampling().dynamicSampling()).isTrue();
        assertThat(dapo.reward().overlongFilter()).isTrue();
        assertThat(dapo.reward().terms()).extracting(RewardTermConfig::name).containsExactly("accuracy", "overlong");
        assertThat(dapo.reward().terms().get(0).options()).containsEntry("incorrect", -1.0);
        assertThat(dapo.reward().terms().get(1).options()).containsEntry("buffer", 32);
        assertThat(dapo.training().warmupSteps()).isPositive();
        assertThat(dapo.needsReference()).isFalse();

        RlConfig vc = RlConfigLoader.preset("vc_ppo");
        assertThat(vc.advantage().criticLambda()).isEqualTo(1.0);
        assertThat(vc.advantage().lambda()).isEqualTo(0.95);
        assertThat(vc.critic().pretrainSteps()).isPositive();
        assertThat(vc.needsReference()).isFalse();

        RlConfig vapo = RlConfigLoader.preset("vapo");
        assertThat(vapo.advantage().estimator()).isEqualTo("gae");
        assertThat(vapo.advantage().criticLambda()).isEqualTo(1.0);
        assertThat(vapo.advantage().lengthAdaptiveAlpha()).isPositive();
        assertThat(vapo.policyLoss().clipHigh()).isEqualTo(0.28);
        assertThat(vapo.policyLoss().positiveLmCoef()).isEqualTo(0.1);
        assertThat(vapo.critic().pretrainSteps()).isPositive();
        assertThat(vapo.sampling().groupSize()).isGreaterThan(1);

        RlConfig rpp = RlConfigLoader.preset("reinforce_pp");
        assertThat(rpp.advantage().estimator()).isEqualTo("reinforce_pp_baseline");
        assertThat(rpp.policyLoss().aggregation()).isEqualTo("token-mean");
        assertThat(rpp.kl().estimator()).isIn("k2", "k3");

        assertThat(RlConfigLoader.preset("rloo").advantage().estimator()).isEqualTo("rloo");
        assertThat(RlConfigLoader.preset("gspo").policyLoss().name()).isEqualTo("gspo");

        RlConfig retool = RlConfigLoader.preset("retool");
        assertThat(retool.sampling().tools()).isEqualTo("python");
        assertThat(retool.policyLoss().clipHigh()).isEqualTo(0.28);
        assertThat(retool.policyLoss().aggregation()).isEqualTo("token-mean");
        assertThat(retool.needsReference()).isFalse();
    }

    @Test
    void aUserFileOverridesItsPresetKeyByKey() {
        RlConfig c = RlConfigLoader.parseLayered("preset: dapo\npolicy_loss:\n  clip_high: 0.3\nsampling:\n  group_size: 4\n", "user.yaml");
        RlConfig dapo = RlConfigLoader.preset("dapo");
        assertThat(c.policyLoss().clipHigh()).isEqualTo(0.3);
        assertThat(c.sampling().groupSize()).isEqualTo(4);
        assertThat(c.policyLoss().aggregation()).isEqualTo(dapo.policyLoss().aggregation());
        assertThat(c.sampling().dynamicSampling()).isTrue();
        assertThat(RlConfigLoader.parseLayered("training:\n  steps: 3\n", "user.yaml"))
                .isEqualTo(new RlConfig("none", AdvantageConfig.defaults(), PolicyLossConfig.defaults(), KlConfig.defaults(),
                        CriticConfig.defaults(), RewardConfig.defaults(), SamplingConfig.defaults(), BudgetForcingConfig.defaults(), SandboxBackendConfig.defaults(),
                        TrainingConfig.defaults().withSteps(3), EvaluationConfig.defaults(), CheckpointConfig.defaults(),
                        TrackingConfig.defaults()));
    }

    @Test
    void everyPresetRewardsOnlyAnExplicitFinalAnswerAtSixPlaces() {
        for (String name : RlConfigLoader.PRESETS) {
            assertThat(RlConfigLoader.preset(name).reward().verifier()).as(name).isEqualTo(io.reason4j.reward.VerifierSettings.strict());
        }
        assertThat(RlConfigLoader.parseLayered("preset: grpo\nreward:\n  answer_policy: lenient\n  float_rounding: 3\n", "u.yaml")
                .reward().verifier()).isEqualTo(io.reason4j.reward.VerifierSettings.lenient().withFloatRounding(3));
    }

    @Test
    void mistakesNameTheFileLineKeyAndAllowedValues() {
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("training:\n  steps: 3\ntraining:\n  seed: 1\n", "twice.yaml"))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("twice.yaml").hasMessageContaining("training");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("preset: grpo\npolicy_loss:\n  clip_hgh: 0.3\n", "u.yaml"))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("u.yaml:3").hasMessageContaining("policy_loss.clip_hgh").hasMessageContaining("clip_high");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("preset: grpo\nadvantage:\n  estimator: ppo\n", "u.yaml"))
                .hasMessageContaining("u.yaml:3").hasMessageContaining("advantage.estimator")
                .hasMessageContaining("gae, grpo, dr_grpo, rloo, reinforce_pp, reinforce_pp_baseline");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("preset: grpo\n\npolicy_loss:\n  aggregation: mean\n", "u.yaml"))
                .hasMessageContaining("u.yaml:4").hasMessageContaining("policy_loss.aggregation").hasMessageContaining("seq-mean-token-sum-norm");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("preset: retool\nreward:\n  answer_policy: loose\n", "u.yaml"))
                .hasMessageContaining("u.yaml:3").hasMessageContaining("reward.answer_policy").hasMessageContaining("strict, lenient");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("reward:\n  float_rounding: -1\n", "u.yaml"))
                .hasMessageContaining("u.yaml:2").hasMessageContaining("reward.float_rounding").hasMessageContaining("[0, 100]");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("policy_loss:\n  dual_clip: 0.5\n", "u.yaml"))
                .hasMessageContaining("policy_loss.dual_clip").hasMessageContaining("> 1");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("sampling:\n  group_size: many\n", "u.yaml"))
                .hasMessageContaining("u.yaml:2").hasMessageContaining("sampling.group_size").hasMessageContaining("an integer");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("training:\n  steps: 2.5\n", "u.yaml"))
                .hasMessageContaining("training.steps").hasMessageContaining("an integer");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("preset: gpro\n", "u.yaml"))
                .hasMessageContaining("u.yaml:1").hasMessageContaining("preset").hasMessageContaining("grpo");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("kl:\n  placement: loss\n  controller: adaptive\n", "u.yaml"))
                .hasMessageContaining("kl.controller").hasMessageContaining("placement: reward");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("trainer:\n  steps: 2\n", "u.yaml"))
                .hasMessageContaining("u.yaml:1").hasMessageContaining("'trainer'").hasMessageContaining("advantage, policy_loss");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("kl: loss\n", "u.yaml"))
                .hasMessageContaining("'kl'").hasMessageContaining("section");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("sampling:\n  prompts_per_step: 10\ntraining:\n  mini_batch_prompts: 4\n", "u.yaml"))
                .hasMessageContaining("training.mini_batch_prompts").hasMessageContaining("divisor");
        assertThatThrownBy(() -> RlConfigLoader.preset("ppo2")).hasMessageContaining("allowed values: ppo, grpo");
    }

    /** A key with no effect under the other settings is refused by name, with why and what would make it apply. */
    @Test
    void aKeyThatWouldHaveNoEffectIsAnErrorSayingWhyAndWhatWouldApplyIt() {
        String[][] cases = {
                {"preset: grpo\ncritic:\n  lr: 1.0e-5\n", "u.yaml:3", "critic.lr", "trains no critic", "estimator gae"},
                {"preset: grpo\ncritic:\n  pretrain_steps: 10\n", "u.yaml:3", "critic.pretrain_steps", "trains no critic", "estimator gae"},
                {"preset: ppo\ncritic:\n  pretrain_patience: 3\n", "u.yaml:3", "critic.pretrain_patience", "pretrain_steps is 0", "pretrain_steps > 0"},
                {"preset: rloo\nadvantage:\n  lambda: 0.9\n", "u.yaml:3", "advantage.lambda", "only advantage.estimator gae", "rloo"},
                {"preset: vapo\nadvantage:\n  lambda: 0.9\n", "u.yaml:3", "advantage.lambda", "length_adaptive_alpha is", "set length_adaptive_alpha to 0"},
                {"preset: grpo\nadvantage:\n  critic_lambda: 1.0\n", "u.yaml:3", "advantage.critic_lambda", "only advantage.estimator gae", "grpo"},
                {"preset: dapo\nadvantage:\n  length_adaptive_alpha: 0.1\n", "u.yaml:3", "advantage.length_adaptive_alpha", "gae", "grpo"},
                {"preset: grpo\nadvantage:\n  gamma: 0.9\n", "u.yaml:3", "advantage.gamma", "outcome score", "gae and reinforce_pp"},
                {"preset: rloo\nadvantage:\n  grpo_std: population\n", "u.yaml:3", "advantage.grpo_std", "divides by the group's std", "rloo"},
                {"preset: dr_grpo\nadvantage:\n  epsilon: 1.0e-4\n", "u.yaml:3", "advantage.epsilon", "nothing divides by a std", "reward.normalize true"},
                {"preset: grpo\npolicy_loss:\n  name: reinforce\n  dual_clip: 3.0\n", "u.yaml:4", "policy_loss.dual_clip", "no ratio to clip", "ppo_clip and gspo"},
                {"preset: grpo\npolicy_loss:\n  name: reinforce\n  clip_high: 0.28\n", "u.yaml:4", "policy_loss.clip_high", "no ratio", "ppo_clip"},
                {"preset: grpo\npolicy_loss:\n  positive_lm_threshold: 0.5\n", "u.yaml:3", "policy_loss.positive_lm_threshold", "positive_lm_coef is 0", "> 0"},
                {"preset: dapo\nkl:\n  coef: 0.01\n", "u.yaml:3", "kl.coef", "kl.placement is none", "loss or reward"},
                {"preset: dapo\nkl:\n  estimator: k1\n", "u.yaml:3", "kl.estimator", "kl.placement is none", "loss or reward"},
                {"preset: grpo\nkl:\n  controller: fixed\n", "u.yaml:3", "kl.controller", "KL in the reward only", "placement: reward"},
                {"preset: ppo\nkl:\n  target: 3.0\n", "u.yaml:3", "kl.target", "kl.controller is fixed", "controller: adaptive"},
                {"preset: grpo\nsampling:\n  max_sampling_rounds: 8\n", "u.yaml:3", "sampling.max_sampling_rounds", "dynamic_sampling is false", "dynamic_sampling: true"},
                {"preset: grpo\nsampling:\n  max_tool_calls: 2\n", "u.yaml:3", "sampling.max_tool_calls", "tools is none", "tools: python"},
                {"preset: grpo\nevaluation:\n  top_p: 0.9\n", "u.yaml:3", "evaluation.top_p", "greedy", "temperature > 0"},
                {"preset: grpo\nevaluation:\n  samples: 4\n", "u.yaml:3", "evaluation.samples", "the same response", "temperature > 0"},
                {"preset: grpo\nkl:\n  coef: 0.0\n", "u.yaml:3", "kl.coef", "no KL term", "placement: none"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> RlConfigLoader.parseLayered(c[0], "u.yaml")).as(c[0]).isInstanceOf(ConfigValueException.class)
                    .hasMessageContaining(c[1]).hasMessageContaining("'" + c[2] + "'").hasMessageContaining(c[3]).hasMessageContaining(c[4]);
        }
        // the same keys where they apply
        assertThat(RlConfigLoader.parseLayered("preset: ppo\ncritic:\n  lr: 1.0e-5\n  pretrain_steps: 3\n  pretrain_patience: 1\n"
                + "advantage:\n  lambda: 0.9\n  gamma: 0.99\nkl:\n  controller: adaptive\n  target: 3.0\n", "u.yaml").critic().lr()).isEqualTo(1e-5);
        assertThat(RlConfigLoader.parseLayered("preset: grpo\nkl:\n  placement: none\nadvantage:\n  estimator: gae\n  lambda: 0.9\n", "u.yaml")
                .advantage().lambda()).isEqualTo(0.9);
        assertThat(RlConfigLoader.parseLayered("preset: dapo\nsampling:\n  max_sampling_rounds: 8\n", "u.yaml").sampling().maxSamplingRounds())
                .isEqualTo(8);
    }

    /** config show prints the keys that apply under the configuration and no others; what it prints loads back to the same configuration. */
    @ParameterizedTest
    @MethodSource("presets")
    void configShowPrintsOnlyTheKeysThatApply(String name) {
        RlConfig config = RlConfigLoader.preset(name);
        String shown = RlConfigLoader.toYaml(config);
        Set<String> keys = RlConfigLoader.keyLines(shown, name).keySet();
        for (String key : RlConfigLoader.keyLines(RlConfigLoader.fullYaml(config), name).keySet()) {
            boolean applies = ConfigApplicability.whyInert(config, key).isEmpty();
            assertThat(keys.contains(key)).as("%s in config show %s", key, name).isEqualTo(applies);
        }
        assertThat(keys.contains("critic.lr")).isEqualTo(config.needsCritic());
        // layered on the defaults instead of the preset, what config show prints is the same configuration in every key that applies
        String onDefaults = shown.replaceFirst("preset: " + name, "preset: none");
        assertThat(RlConfigLoader.toYaml(RlConfigLoader.parseLayered(onDefaults, "shown"))).isEqualTo(onDefaults);
    }
}
