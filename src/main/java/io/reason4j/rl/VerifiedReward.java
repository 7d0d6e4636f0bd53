package io.reason4j.rl;

import io.reason4j.data.PromptExample;
import io.reason4j.reward.AccuracyReward;
import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.RewardContext;
import io.reason4j.reward.RewardSample;
import java.util.Map;
import java.util.function.Function;

/**
 * The correctness reward of RLVR: {@code correct} when the problem's verifier finds the final
 * answer equivalent to the reference, {@code incorrect} otherwise ({@link RewardConfig}; ±1 in
 * ReTool and DAPO). Which verifier depends on the problem: the math verifier for math datasets, a
 * task's own checker (e.g. Countdown's, whose answers are not unique) for built-in tasks.
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
    public ScoredResponse score(PromptExample problem, String prompt, String response, int responseTokens) {
        AccuracyReward accuracy = new AccuracyReward(verifiers.apply(problem), correct, incorrect);
        RewardContext context = new RewardContext(new RewardSample(prompt, response, problem.groundTruth(), responseTokens));
        double value = accuracy.score(context).value();
        boolean equivalent = context.verification(accuracy.verifier()).equivalent();
        return new ScoredResponse(value, equivalent, Map.of(AccuracyReward.NAME, value));
    }
}
