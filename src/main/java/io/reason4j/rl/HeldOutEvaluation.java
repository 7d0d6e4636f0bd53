package io.reason4j.rl;

import io.reason4j.data.PromptExample;
import io.reason4j.rollout.ResponseText;
import io.reason4j.rollout.Rollout;
import io.reason4j.rollout.RolloutRequest;
import io.reason4j.rollout.ToolStatistics;
import io.reason4j.rollout.Trajectory;
import io.reason4j.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Accuracy of the current policy on the held-out problems: {@code samples} responses to each, with
 * the evaluation's sampling (greedy by default) and the same tools as training, scored by the same
 * outcome reward's correctness.
 */
final class HeldOutEvaluation {
    private final Rollout rollout;
    private final Tokenizer tokenizer;
    private final List<PromptExample> problems;
    private final List<String> promptTexts;
    private final List<int[]> promptIds;
    private final OutcomeReward reward;
    private final int samples;
    private final long seed;

    HeldOutEvaluation(Rollout rollout, Tokenizer tokenizer, List<PromptExample> problems, List<String> promptTexts, List<int[]> promptIds,
                      OutcomeReward reward, int samples, long seed) {
        this.rollout = rollout;
        this.tokenizer = tokenizer;
        this.problems = problems;
        this.promptTexts = promptTexts;
        this.promptIds = promptIds;
        this.reward = reward;
        this.samples = samples;
        this.seed = seed;
    }

    EvaluationResult run(long step) {
        List<RolloutRequest> requests = new ArrayList<>();
        for (int p = 0; p < problems.size(); p++) {
            for (int k = 0; k < samples; k++) requests.add(new RolloutRequest(promptIds.get(p), seed + (long) p * samples + k, p));
        }
        List<Trajectory> trajectories = rollout.run(requests);
        boolean[] correct = new boolean[trajectories.size()];
        IntStream.range(0, correct.length).parallel().forEach(i -> {
            Trajectory t = trajectories.get(i);
            int p = i / samples;
            correct[i] = reward.score(problems.get(p), promptTexts.get(p), ResponseText.of(t, tokenizer)).correct();
        });
        double right = 0, length = 0;
        for (int i = 0; i < correct.length; i++) {
            if (correct[i]) right++;
            length += trajectories.get(i).responseIds().length;
        }
        int n = Math.max(1, correct.length);
        return new EvaluationResult(step, right / n, correct.length, length / n, ToolStatistics.of(trajectories, correct).asMetrics(""));
    }
}
