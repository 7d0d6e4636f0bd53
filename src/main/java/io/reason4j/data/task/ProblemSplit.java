package io.reason4j.data.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Training and evaluation problems of one task that never share a problem: they come from disjoint
 * seed ranges (training from {@code seed}, evaluation from {@code seed + EVAL_SEED_OFFSET}), and since
 * two seeds can make the same question (small options have few distinct problems), training skips
 * every question of the evaluation set, and each set skips its own repeats.
 *
 * @param train problems to train on (cold-start SFT and RL)
 * @param eval  held-out problems
 */
public record ProblemSplit(List<TaskProblem> train, List<TaskProblem> eval) {
    /** Far beyond any training set's length, so the ranges never meet. */
    public static final long EVAL_SEED_OFFSET = 1L << 40;
    /** Draws allowed per problem wanted before the task is judged too small for the request. */
    private static final int DRAWS_PER_PROBLEM = 20;

    public ProblemSplit {
        train = List.copyOf(train);
        eval = List.copyOf(eval);
    }

    /**
     * @throws IllegalArgumentException when the task's options allow too few distinct problems
     */
    public static ProblemSplit of(ReasoningTask task, int trainCount, int evalCount, long seed) {
        if (trainCount < 0 || evalCount < 0) throw new IllegalArgumentException("problem counts must be >= 0, got " + trainCount + " and " + evalCount);
        Set<String> seen = new HashSet<>();
        List<TaskProblem> eval = distinct(task, evalCount, seed + EVAL_SEED_OFFSET, seen, "evaluation");
        List<TaskProblem> train = distinct(task, trainCount, seed, seen, "training");
        return new ProblemSplit(train, eval);
    }

    private static List<TaskProblem> distinct(ReasoningTask task, int count, long firstSeed, Set<String> seen, String what) {
        List<TaskProblem> out = new ArrayList<>(count);
        long maxDraws = (long) count * DRAWS_PER_PROBLEM + 1000;
        for (long i = 0; out.size() < count; i++) {
            if (i == maxDraws) {
                throw new IllegalArgumentException("task " + task.name() + " with " + task.options().values() + " made only " + out.size()
                        + " new distinct " + what + " problems in " + maxDraws + " draws, " + count + " were asked for: ask for fewer"
                        + " problems or raise the difficulty (digits, steps, count)");
            }
            TaskProblem p = task.problem(firstSeed + i);
            if (seen.add(p.question())) out.add(p);
        }
        return out;
    }
}
