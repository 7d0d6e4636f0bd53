package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reason4j.reward.AnswerPolicy;
import io.reason4j.reward.VerifierSettings;
import java.util.Arrays;
import java.util.List;

/**
 * Section {@code reward}: the reward and what happens to it before advantages ({@link RewardShaping}).
 *
 * @param terms          the reward, {@code R = Σ weight · term} over registered terms ({@link RewardTerms},
 *                       docs/algorithms.md "Reward terms"): accuracy, format, tool_use_format,
 *                       cosine_length, repetition, overlong, language_consistency, judge. Default the
 *                       accuracy term alone, 1 when the verifier finds the answer equivalent to the
 *                       reference and 0 otherwise (classic RLVR, verl's math reward); ReTool, DAPO and
 *                       VAPO use ±1 ({@code options: {incorrect: -1.0}}), DAPO adds the overlong term.
 * @param normalize      z-score rewards with running mean and std (OpenRLHF). Default false.
 * @param clip           clamp rewards into [−clip, clip] (OpenRLHF, e.g. 10); 0 off. Default 0.
 * @param overlongFilter mask the loss of responses truncated at the length limit (DAPO). Default false.
 * @param answerPolicy   where the math verifier looks for the answer (docs/verifier.md): {@code strict}, only an
 *                       explicit final answer (a box, "the final answer is", "Answer:"), so that RL pays
 *                       for committing to one; {@code lenient}, also a bare short answer, the last
 *                       {@code $…$} or the last number (Math-Verify's order, what {@code eval} uses).
 *                       Default strict.
 * @param floatRounding  decimal places to which a decimal must agree with a value it does not equal
 *                       exactly (Math-Verify's {@code float_rounding}): {@code 0.333333} earns credit for
 *                       1/3, {@code 0.3} does not. Default 6. Both are read by the verifier a recipe
 *                       builds ({@link #verifier}); a Java caller with its own {@link OutcomeReward} decides for itself.
 */
public record RewardConfig(
        @JsonProperty("terms") List<RewardTermConfig> terms,
        @JsonProperty("normalize") boolean normalize,
        @JsonProperty("clip") double clip,
        @JsonProperty("overlong_filter") boolean overlongFilter,
        @JsonProperty("answer_policy") String answerPolicy,
        @JsonProperty("float_rounding") int floatRounding) {

    public RewardConfig {
        if (terms == null || terms.isEmpty()) throw new ConfigValueException("terms", "is empty; allowed: a list of terms, e.g. [{name: accuracy}]");
        terms = List.copyOf(terms);
        ConfigValueException.inRange("clip", clip, 0, Double.MAX_VALUE);
        ConfigValueException.oneOf("answer_policy", answerPolicy, Arrays.stream(AnswerPolicy.values()).map(AnswerPolicy::configName).toList());
        ConfigValueException.inRange("float_rounding", floatRounding, 0, VerifierSettings.MAX_FLOAT_ROUNDING);
    }

    public static RewardConfig defaults() {
        return new RewardConfig(List.of(RewardTermConfig.of("accuracy")), false, 0, false, AnswerPolicy.STRICT.configName(),
                VerifierSettings.DEFAULT_FLOAT_ROUNDING);
    }

    /** This section with other terms. */
    public RewardConfig withTerms(List<RewardTermConfig> t) {
        return new RewardConfig(t, normalize, clip, overlongFilter, answerPolicy, floatRounding);
    }

    /** The math verifier's settings this section asks for. */
    public VerifierSettings verifier() {
        return new VerifierSettings(AnswerPolicy.named(answerPolicy), floatRounding);
    }

    /** Whether a term of this name is in the reward. */
    public boolean hasTerm(String name) {
        return terms.stream().anyMatch(t -> t.name().equals(name));
    }
}
