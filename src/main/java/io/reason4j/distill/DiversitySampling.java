package io.reason4j.distill;

import io.reason4j.model.SplitMix64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * s1K's diversity sampling (s1, Algorithm 1, lines 13–33): until {@code count} are chosen, pick a
 * category uniformly at random among those with items left, rank its items by reasoning length
 * (longest first, rank 0), and draw one with probability proportional to {@code 2^-rank}, which
 * favours longer reasoning as s1's difficulty criterion does. Every category gets about the same
 * number of picks however many items it has, until it runs out.
 *
 * <p>Deterministic for a seed: categories are ordered by name, ties in length by position, and the
 * draws come from {@link SplitMix64}.
 */
public final class DiversitySampling {

    /** An item to choose from: its category and the length of its reasoning (tokens or characters). */
    public record Candidate(String category, double length) {}

    private DiversitySampling() {}

    /** The indexes (into {@code candidates}) of the chosen items, in the order they were drawn. */
    public static List<Integer> sample(List<Candidate> candidates, int count, long seed) {
        if (count < 0) throw new IllegalArgumentException("--count must not be negative, got " + count);
        Map<String, List<Integer>> byCategory = new TreeMap<>();
        for (int i = 0; i < candidates.size(); i++) byCategory.computeIfAbsent(candidates.get(i).category(), c -> new ArrayList<>()).add(i);
        Comparator<Integer> longestFirst = Comparator.comparingDouble((Integer i) -> -candidates.get(i).length()).thenComparingInt(i -> i);
        byCategory.values().forEach(items -> items.sort(longestFirst));

        List<List<Integer>> open = new ArrayList<>(byCategory.values());
        SplitMix64 random = new SplitMix64(seed);
        List<Integer> chosen = new ArrayList<>();
        while (chosen.size() < count && !open.isEmpty()) {
            int d = random.nextInt(open.size());
            List<Integer> items = open.get(d);
            chosen.add(items.remove(rank(items.size(), random.nextDouble())));
            if (items.isEmpty()) open.remove(d);
        }
        return chosen;
    }

    /**
     * The rank r in [0, m) whose weight {@code 2^-r} covers {@code u} ∈ [0, 1) of the total weight
     * {@code 2 - 2^(1-m)}: weights beyond double's range are 0, and rounding never gives m.
     */
    static int rank(int m, double u) {
        double total = 2 - Math.pow(2, 1 - m), target = u * total, sum = 0;
        for (int r = 0; r < m; r++) {
            sum += Math.pow(2, -r);
            if (target < sum) return r;
        }
        return m - 1;
    }
}
