package io.reason4j.reward;

/**
 * The cosine-scaled length reward of Yeo et al. 2025 ("Demystifying Long Chain-of-Thought Reasoning
 * in LLMs"), with TRL's defaults: a correct answer earns between {@code maxCorrect} (short) and
 * {@code minCorrect} (at {@code maxLength}); a wrong one between {@code minWrong} (short) and
 * {@code maxWrong} (long), so the policy is nudged to be brief when right and to think longer when
 * wrong. With progress {@code t = min(|o| / maxLength, 1)}:
 * {@code r = lo + ½ (hi − lo)(1 + cos(π t))}, where (lo, hi) = (minCorrect, maxCorrect) when correct
 * and (maxWrong, minWrong) when wrong.
 */
public record CosineLengthReward(AnswerVerifier verifier, int maxLength, double minCorrect, double maxCorrect, double minWrong,
        double maxWrong) implements RewardComponent {
    public static final String NAME = "cosine";

    public CosineLengthReward {
        if (maxLength <= 0) throw new IllegalArgumentException("cosine length reward needs maxLength > 0, got " + maxLength);
    }

    /** TRL's defaults: max_len 1000, correct in [0.5, 1], wrong in [-1, -0.5]. */
    public static CosineLengthReward trlDefaults(AnswerVerifier verifier) {
        return new CosineLengthReward(verifier, 1000, 0.5, 1.0, -1.0, -0.5);
    }

    public double value(boolean correct, int length) {
        double t = Math.min((double) length / maxLength, 1.0);
        double lo = correct ? minCorrect : maxWrong, hi = correct ? maxCorrect : minWrong;
        return lo + 0.5 * (hi - lo) * (1.0 + Math.cos(Math.PI * t));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentScore score(RewardContext context) {
        boolean correct = context.verification(verifier).equivalent();
        int length = context.sample().responseTokens();
        return new ComponentScore(NAME, value(correct, length), (correct ? "correct" : "wrong") + " at " + length + " of " + maxLength + " tokens");
    }
}
