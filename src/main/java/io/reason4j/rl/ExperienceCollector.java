package io.reason4j.rl;

import io.reason4j.data.PromptExample;
import io.reason4j.rollout.ResponseText;
import io.reason4j.rollout.Rollout;
import io.reason4j.rollout.RolloutRequest;
import io.reason4j.rollout.Trajectory;
import io.reason4j.text.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Sample groups → rollouts → rewards → filtering (methods.md, "Sampling-side techniques"): G
 * responses to each of the step's prompts, scored by the outcome reward (its terms: {@link
 * TermReward}); with dynamic sampling (DAPO), groups whose responses are all correct or all wrong are
 * dropped and more prompts are rolled out until the step has its prompts' worth of informative groups or the
 * configured number of rounds is spent. It never loops past that: a step then trains on the groups
 * it has (the trainer reports it).
 */
final class ExperienceCollector {
    private final Rollout rollout;
    private final Tokenizer tokenizer;
    private final List<PromptExample> problems;
    private final List<int[]> promptIds;
    private final List<String> promptTexts;
    private final OutcomeReward reward;
    private final SamplingConfig sampling;
    private final long seed;

    ExperienceCollector(Rollout rollout, Tokenizer tokenizer, List<PromptExample> problems, List<String> promptTexts, List<int[]> promptIds,
                        OutcomeReward reward, RlConfig config) {
        this.rollout = rollout;
        this.tokenizer = tokenizer;
        this.problems = problems;
        this.promptTexts = promptTexts;
        this.promptIds = promptIds;
        this.reward = reward;
        this.sampling = config.sampling();
        this.seed = config.training().seed();
    }

    Experience collect(long step, PromptOrder order) {
        int wanted = sampling.promptsPerStep(), g = sampling.groupSize();
        List<Trajectory> kept = new ArrayList<>(), all = new ArrayList<>();
        List<PromptExample> keptProblems = new ArrayList<>();
        List<ScoredResponse> allScores = new ArrayList<>();
        List<double[]> keptScores = new ArrayList<>(); // per response: reward, correct, then the components
        List<String> componentNames = new ArrayList<>();
        int rounds = 0, groups = 0, filtered = 0, keptGroups = 0;
        long sampled = 0, rolloutNanos = 0;
        while (rounds < sampling.maxSamplingRounds() && keptGroups < wanted) {
            int[] chosen = new int[wanted];
            for (int j = 0; j < wanted; j++) chosen[j] = order.next();
            List<RolloutRequest> requests = new ArrayList<>(wanted * g);
            for (int j = 0; j < wanted; j++) {
                for (int k = 0; k < g; k++) {
                    requests.add(new RolloutRequest(promptIds.get(chosen[j]), sampleSeed(step, rounds, j, k), (long) rounds * wanted + j));
                }
            }
            long started = System.nanoTime();
            List<Trajectory> trajectories = rollout.run(requests);
            rolloutNanos += System.nanoTime() - started; // generation and tool calls only: scoring is outside the model
            ScoredResponse[] scored = score(trajectories, chosen, g);
            if (componentNames.isEmpty()) componentNames.addAll(scored[0].components().keySet());
            for (int j = 0; j < wanted; j++) {
                groups++;
                int right = 0;
                for (int k = 0; k < g; k++) {
                    int i = j * g + k;
                    Trajectory t = trajectories.get(i);
                    all.add(t);
                    allScores.add(scored[i]);
                    sampled += t.policyTokens();
                    if (scored[i].correct()) right++;
                }
                // DAPO's criterion is accuracy, not the shaped reward: a group all right or all wrong teaches
                // nothing about correctness even when length penalties make its rewards differ.
                boolean informative = right > 0 && right < g;
                if (sampling.dynamicSampling() && !informative) {
                    filtered++;
                    continue;
                }
                if (keptGroups == wanted) continue; // a full batch: later informative groups of this round are not used
                keptGroups++;
                for (int k = 0; k < g; k++) {
                    int i = j * g + k;
                    kept.add(trajectories.get(i));
                    keptProblems.add(problems.get(chosen[j]));
                    double[] row = new double[2 + componentNames.size()];
                    row[0] = scored[i].reward();
                    row[1] = scored[i].correct() ? 1 : 0;
                    for (int c = 0; c < componentNames.size(); c++) row[2 + c] = scored[i].components().getOrDefault(componentNames.get(c), 0.0);
                    keptScores.add(row);
                }
            }
            rounds++;
            if (!sampling.dynamicSampling()) break;
        }
        double seconds = rolloutNanos * 1e-9;
        int n = kept.size();
        double[] rewards = new double[n];
        boolean[] correct = new boolean[n];
        int[] groupIds = new int[n];
        Map<String, double[]> components = new LinkedHashMap<>();
        for (String c : componentNames) components.put(c, new double[n]);
        for (int i = 0; i < n; i++) {
            double[] row = keptScores.get(i);
            rewards[i] = row[0];
            correct[i] = row[1] > 0;
            groupIds[i] = i / g;
            for (int c = 0; c < componentNames.size(); c++) components.get(componentNames.get(c))[i] = row[2 + c];
        }
        return new Experience(kept, keptProblems, rewards, correct, groupIds, components,
                new Experience.SamplingReport(rounds, groups, filtered, seconds, sampled, all, allScores));
    }

    /** Every response scored in parallel (the verifier is thread-safe and has a time budget per check). */
    private ScoredResponse[] score(List<Trajectory> trajectories, int[] chosen, int g) {
        ScoredResponse[] out = new ScoredResponse[trajectories.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> {
            Trajectory t = trajectories.get(i);
            int p = chosen[i / g];
            out[i] = reward.score(problems.get(p), promptTexts.get(p), ResponseText.of(t, tokenizer));
        });
        return out;
    }

    /** A distinct, reproducible sampling stream per (step, round, prompt, sample). */
    private long sampleSeed(long step, int round, int prompt, int sample) {
        long x = seed;
        for (long v : new long[] {step, round, prompt, sample}) x = mix(x ^ mix(v + 0x9E3779B97F4A7C15L));
        return x;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
