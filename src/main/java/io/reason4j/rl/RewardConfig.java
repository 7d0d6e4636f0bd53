package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reason4j.reward.AnswerPolicy;
import io.reason4j.reward.VerifierSettings;
import java.util.Arrays;

/**
 * Section {@code reward}: what happens to the task's reward before advantages ({@link RewardShaping}).
 *
 * @param correct        the accuracy reward of a response whose answer the verifier finds equivalent to the
 *                       reference. Default 1.0.
 * @param incorrect      the accuracy reward otherwise (wrong, missing or undecidable answer). Default 0.0
 *                       (classic RLVR, verl's math reward); ReTool, DAPO and VAPO use −1.
 * @param normalize      z-score rewards with running mean and std (OpenRLHF). Default false.
 * @param clip           clamp rewards into [−clip, clip] (OpenRLHF, e.g. 10); 0 off. Default 0.
 * @param overlongFilter mask the loss of responses truncated at the length limit (DAPO). Default false.
 * @param overlongBuffer L_cache of DAPO's soft overlong punishment (reported 4096 with L_max 16384, a
 *                       quarter of the maximum length here); 0 off. Default 0.
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
        @JsonProperty("correct") double correct,
        @JsonProperty("incorrect") double incorrect,
        @JsonProperty("normalize") boolean normalize,
        @JsonProperty("clip") double clip,
        @JsonProperty("overlong_filter") boolean overlongFilter,
        @JsonProperty("overlong_buffer") int overlongBuffer,
        @JsonProperty("answer_policy") String answerPolicy,
        @JsonProperty("float_rounding") int floatRounding) {

    public RewardConfig {
        ConfigValueException.inRange("correct", correct, -1e6, 1e6);
        ConfigValueException.inRange("incorrect", incorrect, -1e6, 1e6);
        if (!(correct > incorrect)) throw new ConfigValueException("correct", "is " + correct + ", not above incorrect (" + incorrect + "); allowed: correct > incorrect");
        ConfigValueException.inRange("clip", clip, 0, Double.MAX_VALUE);
        ConfigValueException.atLeast("overlong_buffer", overlongBuffer, 0);
        ConfigValueException.oneOf("answer_policy", answerPolicy, Arrays.stream(AnswerPolicy.values()).map(AnswerPolicy::configName).toList());
        ConfigValueException.inRange("float_rounding", floatRounding, 0, VerifierSettings.MAX_FLOAT_ROUNDING);
    }

    public static RewardConfig defaults() {
        return new RewardConfig(1.0, 0.0, false, 0, false, 0, AnswerPolicy.STRICT.configName(), VerifierSettings.DEFAULT_FLOAT_ROUNDING);
    }

    /** The math verifier's settings this section asks for. */
    public VerifierSettings verifier() {
        return new VerifierSettings(AnswerPolicy.named(answerPolicy), floatRounding);
    }
}
