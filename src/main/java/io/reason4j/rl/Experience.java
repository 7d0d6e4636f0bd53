package io.reason4j.rl;

import io.reason4j.data.PromptExample;
import io.reason4j.rollout.Trajectory;
import java.util.List;
import java.util.Map;

/**
 * One RL step's batch (architecture.md: one record through the pipeline): the trajectories kept
 * for training and, per response, the columns each stage adds: rewards after the rollout, the loss
 * mask after overlong filtering, reference log-probs and values after the scoring passes,
 * advantages and returns last. Rows are responses; row i, token t is response token t.
 */
final class Experience {
    final List<Trajectory> trajectories;
    final List<PromptExample> problems;
    /** R_i before normalisation and clipping: the reward, the weighted sum of its terms. */
    final double[] rewards;
    final boolean[] correct;
    /** Dense group ids 0..groups−1: responses to one prompt share one. */
    final int[] groups;
    /** Per reward component, its value for each response. */
    final Map<String, double[]> components;
    /** The rollout statistics of the whole step, kept or filtered. */
    final SamplingReport sampling;

    float[][] mask, behaviourLogProbs, referenceLogProbs, values, advantages, returns;
    /** R_i after normalisation and clipping: what the advantages are computed from. */
    double[] scores;

    Experience(List<Trajectory> trajectories, List<PromptExample> problems, double[] rewards, boolean[] correct, int[] groups,
               Map<String, double[]> components, SamplingReport sampling) {
        this.trajectories = trajectories;
        this.problems = problems;
        this.rewards = rewards;
        this.correct = correct;
        this.groups = groups;
        this.components = components;
        this.sampling = sampling;
    }

    int size() {
        return trajectories.size();
    }

    int groupCount() {
        int n = 0;
        for (int g : groups) n = Math.max(n, g + 1);
        return n;
    }

    /**
     * What generation did in a step, filtered groups included.
     *
     * @param rounds          generation rounds (more than one only with dynamic sampling)
     * @param groups          groups generated
     * @param filteredGroups  groups dropped by dynamic sampling: all correct or all wrong
     * @param seconds         wall time of the rollouts (generation and tool calls; not scoring)
     * @param sampledTokens   tokens the policy sampled (mask 1)
     * @param all             every trajectory generated, for the response and tool statistics
     * @param allScores       the reward's verdict on each of {@code all}, for the accuracy and the hacking monitor
     */
    record SamplingReport(int rounds, int groups, int filteredGroups, double seconds, long sampledTokens, List<Trajectory> all,
                          List<ScoredResponse> allScores) {
        /** Whether each of {@code all} was correct. */
        boolean[] allCorrect() {
            boolean[] ok = new boolean[allScores.size()];
            for (int i = 0; i < ok.length; i++) ok[i] = allScores.get(i).correct();
            return ok;
        }
    }
}
