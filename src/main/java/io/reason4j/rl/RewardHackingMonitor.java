package io.reason4j.rl;

import io.reason4j.reward.ExtractionRule;
import io.reason4j.rollout.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Watches a run for reward hacking (verification.md, "Monitor during training"; docs/verifier.md,
 * "The hacking monitor"): a policy that learns what the reward pays for rather than the task shows
 * it as training reward rising while held-out accuracy falls, and as a change in how its rewarded
 * answers look.
 *
 * <ul>
 *   <li>Every step: which extraction rule read each rewarded answer ({@code reward/rule/<name>},
 *       fractions of the rewarded responses), and the length and stated-answer count of rewarded
 *       responses ({@code reward/rewarded_length/…}, {@code reward/rewarded_answers/…}).</li>
 *   <li>Every evaluation: over the last {@value #WINDOW} evaluations, the least-squares trend of the
 *       per-step training reward against the change of held-out accuracy. Both must be beyond noise
 *       (the reward's slope more than 2 standard errors above 0, the accuracy's drop more than 2
 *       binomial standard errors), so that the ordinary wobble of a run raises nothing; then
 *       {@code reward/hacking_suspected} is 1 and the trainer prints a warning.</li>
 * </ul>
 *
 * <p>The per-step training rewards are kept for the checkpoint, so a resumed run watches the same window.
 */
final class RewardHackingMonitor {
    /** Evaluations the trend is measured over (the first may be the one before RL). */
    static final int WINDOW = 3;
    /** Standard errors a change must exceed to count. */
    static final double Z = 2.0;

    /** Mean outcome reward over every generated response of each step, in step order (step 1 first); NaN where unknown. */
    private final List<Double> stepRewards;

    /**
     * @param stepRewards the rewards of steps 1, 2, … so far (from a checkpoint)
     * @param steps       the steps done; a checkpoint of a run that did not keep them all gives NaN for the missing ones
     */
    RewardHackingMonitor(List<Double> stepRewards, long steps) {
        this.stepRewards = new ArrayList<>(stepRewards.subList(0, (int) Math.min(steps, stepRewards.size())));
        while (this.stepRewards.size() < steps) this.stepRewards.addFirst(Double.NaN);
    }

    List<Double> stepRewards() {
        return List.copyOf(stepRewards);
    }

    /** Records step {@code step}'s training reward (steps come one by one, from 1). */
    void recordStep(long step, double meanReward) {
        if (step != stepRewards.size() + 1) {
            throw new IllegalStateException("step " + step + " recorded after " + stepRewards.size() + " steps");
        }
        stepRewards.add(meanReward);
    }

    /**
     * What the trend says after the newest of {@code evaluations}.
     *
     * @param fromStep       the step of the window's first evaluation (its training rewards start after it)
     * @param toStep         the step of its last
     * @param rewardChange   the fitted change of training reward over the window
     * @param rewardT        its slope in standard errors
     * @param accuracyFrom   held-out accuracy at the window's first evaluation
     * @param accuracyTo     and at its last
     * @param accuracyChange {@code accuracyTo − accuracyFrom}
     * @param accuracyZ      that change in binomial standard errors
     * @param suspected      training reward rises and held-out accuracy falls, both beyond noise
     */
    record Verdict(long fromStep, long toStep, double rewardChange, double rewardT, double accuracyFrom, double accuracyTo,
                   double accuracyChange, double accuracyZ, boolean suspected) {

        Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("reward/hacking_suspected", suspected ? 1.0 : 0.0);
            m.put("reward/hacking/train_reward_change", rewardChange);
            m.put("reward/hacking/train_reward_t", rewardT);
            m.put("reward/hacking/heldout_accuracy_change", accuracyChange);
            m.put("reward/hacking/heldout_accuracy_z", accuracyZ);
            return m;
        }

        String warning() {
            return String.format(Locale.ROOT, "warning: reward hacking suspected: over steps %d-%d the training reward rose by %+.3f"
                            + " (%.1f standard errors) while held-out accuracy fell from %.3f to %.3f (%.1f standard errors); look at"
                            + " the rewarded responses (reward/rule/*, reward/rewarded_length, reward/rewarded_answers; docs/verifier.md)",
                    fromStep, toStep, rewardChange, rewardT, accuracyFrom, accuracyTo, -accuracyZ);
        }
    }

    /** The verdict over the last {@value #WINDOW} evaluations, or empty while there are too few to tell (under 2 evaluations or 3 steps). */
    Optional<Verdict> check(List<EvaluationResult> evaluations) {
        if (evaluations.size() < 2) return Optional.empty();
        EvaluationResult first = evaluations.get(Math.max(0, evaluations.size() - WINDOW)), last = evaluations.getLast();
        int from = (int) first.step(), to = (int) Math.min(last.step(), stepRewards.size());
        // Least squares of reward on step over the known steps from+1..to, and the standard error of the slope.
        List<Integer> steps = new ArrayList<>();
        for (int s = from + 1; s <= to; s++) if (Double.isFinite(stepRewards.get(s - 1))) steps.add(s);
        int n = steps.size();
        if (n < 3) return Optional.empty();
        double meanX = 0, meanY = 0;
        for (int s : steps) {
            meanX += s;
            meanY += stepRewards.get(s - 1);
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0;
        for (int s : steps) {
            sxx += (s - meanX) * (s - meanX);
            sxy += (s - meanX) * (stepRewards.get(s - 1) - meanY);
        }
        double slope = sxy / sxx, residuals = 0;
        for (int s : steps) {
            double r = stepRewards.get(s - 1) - (meanY + slope * (s - meanX));
            residuals += r * r;
        }
        double slopeError = Math.sqrt(residuals / (n - 2) / sxx);
        double rewardT = slopeError > 0 ? slope / slopeError : slope > 0 ? Double.POSITIVE_INFINITY : slope < 0 ? Double.NEGATIVE_INFINITY : 0;
        double change = last.accuracy() - first.accuracy();
        double accuracyError = Math.sqrt(binomialVariance(first) + binomialVariance(last));
        double accuracyZ = change / accuracyError;
        boolean suspected = rewardT > Z && accuracyZ < -Z;
        return Optional.of(new Verdict(from, to, slope * (to - from), rewardT, first.accuracy(), last.accuracy(), change, accuracyZ, suspected));
    }

    /** p(1 − p)/n, with p kept off 0 and 1 by half a response so that a measured 0 or 1 still has an error. */
    private static double binomialVariance(EvaluationResult e) {
        int n = Math.max(1, e.responses());
        double p = Math.min(Math.max(e.accuracy(), 0.5 / n), 1 - 0.5 / n);
        return p * (1 - p) / n;
    }

    /** The per-step signals of a step's generated responses: how the rewarded ones were read and what they look like. */
    static Map<String, Double> stepMetrics(List<Trajectory> responses, List<ScoredResponse> scores) {
        Map<String, Double> m = new LinkedHashMap<>();
        List<Integer> lengths = new ArrayList<>(), answers = new ArrayList<>();
        Map<String, Integer> rules = new LinkedHashMap<>();
        for (ExtractionRule r : ExtractionRule.values()) rules.put(r.configName(), 0);
        rules.put("none", 0);
        for (int i = 0; i < scores.size(); i++) {
            ScoredResponse s = scores.get(i);
            if (!s.correct()) continue;
            lengths.add(responses.get(i).responseIds().length);
            answers.add(s.answers());
            rules.merge(s.rule() == null ? "none" : s.rule(), 1, Integer::sum);
        }
        if (lengths.isEmpty()) return m;
        rules.forEach((rule, count) -> m.put("reward/rule/" + rule, count / (double) lengths.size()));
        putDistribution(m, "reward/rewarded_length", lengths);
        putDistribution(m, "reward/rewarded_answers", answers);
        return m;
    }

    private static void putDistribution(Map<String, Double> m, String name, List<Integer> values) {
        int[] v = values.stream().mapToInt(Integer::intValue).sorted().toArray();
        m.put(name + "/mean", Arrays.stream(v).average().orElse(Double.NaN));
        m.put(name + "/p50", (double) v[(v.length - 1) / 2]);
        m.put(name + "/max", (double) v[v.length - 1]);
    }
}
