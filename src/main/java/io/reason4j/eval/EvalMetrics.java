package io.reason4j.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * test-time.md's metrics over per-problem results: {@code avg@n} (mean accuracy of the n samples,
 * "pass@1 estimated with n samples"), unbiased {@code pass@k} and {@code maj@k} for each requested k,
 * each a mean over problems with its standard error, keyed as the papers write them
 * ({@code avg@32}, {@code pass@8}, {@code maj@8}).
 */
public final class EvalMetrics {
    private EvalMetrics() {}

    /**
     * @param equivalent whether two extracted answers are the same answer (maj@k's grouping)
     * @throws IllegalArgumentException when a problem has fewer than {@code n} samples or a k exceeds n
     */
    public static Map<String, MeanWithError> of(List<ProblemResult> problems, int n, List<Integer> ks, BiPredicate<String, String> equivalent) {
        for (ProblemResult p : problems) {
            if (p.n() != n) throw new IllegalArgumentException("problem " + p.id() + " has " + p.n() + " samples, " + n + " expected");
        }
        Map<String, MeanWithError> out = new LinkedHashMap<>();
        out.put("avg@" + n, MeanWithError.of(problems.stream().map(ProblemResult::passRate).toList()));
        for (int k : ks) {
            out.put("pass@" + k, MeanWithError.of(problems.stream().map(p -> PassAtK.estimate(n, p.correct(), k)).toList()));
        }
        for (int k : ks) {
            List<Double> votes = new ArrayList<>(problems.size());
            for (ProblemResult p : problems) votes.add(MajorityVote.of(p.ballots(), k, equivalent).correct() ? 1.0 : 0.0);
            out.put("maj@" + k, MeanWithError.of(votes));
        }
        return out;
    }

    /** The k values reported when none are asked for: 1, the powers of two below n, and n. */
    public static List<Integer> defaultKs(int n) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k < n; k *= 2) ks.add(k);
        ks.add(n);
        return ks;
    }
}
