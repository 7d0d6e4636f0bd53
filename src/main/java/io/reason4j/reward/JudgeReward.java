package io.reason4j.reward;

/**
 * A model-based verifier as a reward term (Seed-Thinking-v1.5's verifiers): {@code correct} when the
 * judge model says the response's answer is equivalent to the reference, {@code incorrect} otherwise
 * (NO, or no clear verdict). {@code rulesFirst}: the rule-based verifier decides where it can and the
 * judge only where they are undecided (as {@link JudgedVerifier}); otherwise the judge is asked about every
 * response, with the answer the rules extracted (or the whole response when they found none), so a
 * policy cannot talk the judge round with its reasoning. The judge's prompt and how its completion is
 * parsed: {@link ModelJudge}.
 */
public record JudgeReward(AnswerVerifier rules, ModelJudge judge, boolean rulesFirst, double correct, double incorrect) implements RewardComponent {
    public static final String NAME = "judge";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentScore score(RewardContext context) {
        RewardSample s = context.sample();
        VerificationResult r = context.verification(rules);
        if (rulesFirst && r.verdict() != Verdict.UNDECIDED) {
            return new ComponentScore(NAME, r.equivalent() ? correct : incorrect, "rules decided: " + r.reason());
        }
        String answer = r.extractedPred() != null ? r.extractedPred() : s.response();
        String reference = r.extractedGold() != null ? r.extractedGold() : s.reference();
        JudgeVerdict j = judge.judge(s.prompt(), reference, answer);
        return new ComponentScore(NAME, j.verdict() == Verdict.EQUIVALENT ? correct : incorrect, "judge: " + j.verdict() + " — " + j.reasoning());
    }
}
