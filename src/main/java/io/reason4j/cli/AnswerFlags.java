package io.reason4j.cli;

import io.reason4j.reward.AnswerPolicy;
import io.reason4j.reward.VerifierSettings;
import picocli.CommandLine.Option;

/**
 * How a command's verifier reads answers (docs/verifier.md): {@code --answer-policy} and
 * {@code --float-rounding}, the command-line face of a recipe's {@code reward.answer_policy} and
 * {@code reward.float_rounding}. Lenient by default, so that scores compare with published ones.
 */
final class AnswerFlags {
    @Option(names = "--answer-policy", defaultValue = "lenient", paramLabel = "strict|lenient", description = "where the answer may be found:"
            + " lenient also takes a bare short answer, the last $…$ or the last number (Math-Verify's order); strict only \\boxed{} and"
            + " 'the final answer is' / 'Final Answer:' / 'the answer is' / 'Answer:' (RL's default) (default ${DEFAULT-VALUE})") String policy;
    @Option(names = "--float-rounding", defaultValue = "" + VerifierSettings.DEFAULT_FLOAT_ROUNDING, paramLabel = "N", description = "decimal"
            + " places to which a decimal must agree with a value it does not equal exactly: 0.333333 earns 1/3, 0.3 does not"
            + " (Math-Verify's float_rounding) (default ${DEFAULT-VALUE})") int floatRounding;

    VerifierSettings settings() {
        AnswerPolicy p;
        try {
            p = AnswerPolicy.named(policy);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--answer-policy " + e.getMessage());
        }
        try {
            return new VerifierSettings(p, floatRounding);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--float-rounding " + e.getMessage());
        }
    }
}
