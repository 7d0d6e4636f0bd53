package io.reason4j.reward;

/**
 * The correctness reward: {@code correct} when the verifier finds the answer equivalent to the
 * reference, {@code incorrect} otherwise (undecided included). ±1 is the ReTool/DAPO setting, 1/0
 * the classic RLVR one.
 */
public record AccuracyReward(AnswerVerifier verifier, double correct, double incorrect) implements RewardComponent {
    public static final String NAME = "accuracy";

    public static AccuracyReward plusMinusOne(AnswerVerifier verifier) {
        return new AccuracyReward(verifier, 1.0, -1.0);
    }

    public static AccuracyReward zeroOne(AnswerVerifier verifier) {
        return new AccuracyReward(verifier, 1.0, 0.0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentScore score(RewardContext context) {
        VerificationResult r = context.verification(verifier);
        return new ComponentScore(NAME, r.equivalent() ? correct : incorrect, r.explain());
    }
}
