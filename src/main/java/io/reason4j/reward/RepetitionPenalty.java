package io.reason4j.reward;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The n-gram repetition penalty of Yeo et al. 2025 as Open-R1 implements it: over the response's
 * lower-cased words, {@code penalty = maxPenalty · (1 − distinct n-grams / all n-grams)}; 0 for a text
 * without repeats, approaching {@code maxPenalty} (≤ 0) for a text that loops.
 */
public record RepetitionPenalty(int n, double maxPenalty) implements RewardComponent {
    public static final String NAME = "repetition";

    public RepetitionPenalty {
        if (n < 1) throw new IllegalArgumentException("repetition penalty needs n >= 1, got " + n);
        if (maxPenalty > 0) throw new IllegalArgumentException("repetition penalty's maxPenalty must be <= 0, got " + maxPenalty);
    }

    /** Open-R1's defaults: 3-grams, a penalty of at most -1. */
    public static RepetitionPenalty defaults() {
        return new RepetitionPenalty(3, -1.0);
    }

    public double value(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).strip().split("\\s+");
        if (words.length < n || text.isBlank()) return 0.0;
        Set<String> distinct = new HashSet<>();
        int total = words.length - n + 1;
        for (int i = 0; i < total; i++) distinct.add(String.join(" ", java.util.Arrays.asList(words).subList(i, i + n)));
        return maxPenalty * (1.0 - (double) distinct.size() / total);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentScore score(RewardContext context) {
        double v = value(context.sample().response());
        return new ComponentScore(NAME, v, String.format(Locale.ROOT, "%d-gram repetition penalty %.3f", n, v));
    }
}
