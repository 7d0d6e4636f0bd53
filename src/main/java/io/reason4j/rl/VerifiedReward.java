package io.reason4j.rl;

import io.reason4j.data.PromptExample;
import io.reason4j.reward.AccuracyReward;
import io.reason4j.reward.AnswerExtractor;
import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.RewardContext;
import io.reason4j.reward.RewardSample;
import io.reason4j.reward.VerificationResult;
import io.reason4j.rollout.ResponseText;
import java.util.Map;
import java.util.function.Function;

/**
 * The correctness reward of RLVR: {@code correct} when the problem's verifier finds the final
 * answer equivalent to the reference, {@code incorrect} otherwise ({@link RewardConfig}; ±1 in
 * ReTool and DAPO). Which verifier depends on the problem: the math verifier for math datasets, a
 * task's own checker (e.g. Countdown's, whose answers are not unique) for built-in tasks. Only the
 * policy's own words are judged ({@link ResponseText#policyWords}).
 */
public final class VerifiedReward implements OutcomeReward {
    private final Function<PromptExample, AnswerVerifier> verifiers;
    private final double correct, incorrect;

    public VerifiedReward(Function<PromptExample, AnswerVerifier> verifiers, RewardConfig config) {
        this.verifiers = verifiers;
        this.correct = config.correct();
        this.incorrect = config.incorrect();
    }

    @Override
    public ScoredResponse score(PromptExample problem, String prompt, ResponseText response) {
        AccuracyReward accuracy = new AccuracyReward(verifiers.apply(problem), correct, incorrect);
        RewardContext context = new RewardContext(new RewardSample(prompt, response.policyWords(), problem.groundTruth(), response.tokens()));
        double value = accuracy.score(context).value();
        VerificationResult v = context.verification(accuracy.verifier());
        return new ScoredResponse(value, v.equivalent(), Map.of(AccuracyReward.NAME, value), v.rule() == null ? null : v.rule().configName(),
                AnswerExtractor.statedAnswers(response.policyWords()));
    }
}
