package io.reason4j.reward;

/**
 * The two choices a user makes about the math verifier ({@code reward.answer_policy} and
 * {@code reward.float_rounding} in recipes, {@code --answer-policy} and {@code --float-rounding}
 * on the command line).
 *
 * @param answerPolicy  where the answer may be found ({@link AnswerPolicy})
 * @param floatRounding decimal places to which a decimal must agree with a value it does not equal
 *                      exactly (Math-Verify's {@code float_rounding}, default 6): {@code 0.333333}
 *                      earns credit for 1/3, {@code 0.3} does not
 */
public record VerifierSettings(AnswerPolicy answerPolicy, int floatRounding) {
    /** Math-Verify's default precision. */
    public static final int DEFAULT_FLOAT_ROUNDING = 6;
    /** More decimal places than this exceed what a check computes ({@link VerificationBudget#maxDigits}). */
    public static final int MAX_FLOAT_ROUNDING = 100;

    public VerifierSettings {
        if (answerPolicy == null) throw new IllegalArgumentException("an answer policy is needed");
        checkFloatRounding(floatRounding);
    }

    /** {@code places} if it is a float rounding the verifier can honour, else an IllegalArgumentException saying what is. */
    static int checkFloatRounding(int places) {
        if (places < 0 || places > MAX_FLOAT_ROUNDING) {
            throw new IllegalArgumentException("is " + places + "; allowed: 0 to " + MAX_FLOAT_ROUNDING + " decimal places");
        }
        return places;
    }

    /** What RL rewards use unless told otherwise: strict, 6 places. */
    public static VerifierSettings strict() {
        return new VerifierSettings(AnswerPolicy.STRICT, DEFAULT_FLOAT_ROUNDING);
    }

    /** What evaluation and {@code reason4j verify} use unless told otherwise: lenient, 6 places. */
    public static VerifierSettings lenient() {
        return new VerifierSettings(AnswerPolicy.LENIENT, DEFAULT_FLOAT_ROUNDING);
    }

    public VerifierSettings withFloatRounding(int places) {
        return new VerifierSettings(answerPolicy, places);
    }
}
