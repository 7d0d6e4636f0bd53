package io.reason4j.reward;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reward as a weighted sum of named components, {@code R = Σ wᵢ rᵢ}; each component's value is
 * kept so it can be logged on its own (verification.md, "composition"). Thread-safe when its
 * components are (all of this package's are).
 */
public final class CompositeReward {
    /** A component and its weight in the sum. */
    public record Weighted(RewardComponent component, double weight) {}

    private final List<Weighted> parts;

    public CompositeReward(List<Weighted> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("a reward needs at least one component");
        Set<String> names = new HashSet<>();
        for (Weighted w : parts) {
            if (!names.add(w.component().name())) throw new IllegalArgumentException("reward component '" + w.component().name() + "' appears twice");
            if (!Double.isFinite(w.weight())) throw new IllegalArgumentException("reward weight of " + w.component().name() + " is not finite");
        }
        this.parts = List.copyOf(parts);
    }

    public List<Weighted> parts() {
        return parts;
    }

    public RewardBreakdown score(RewardSample sample) {
        RewardContext context = new RewardContext(sample);
        List<RewardBreakdown.WeightedScore> scores = new ArrayList<>();
        double total = 0;
        for (Weighted w : parts) {
            ComponentScore s = w.component().score(context);
            scores.add(new RewardBreakdown.WeightedScore(s, w.weight()));
            total += w.weight() * s.value();
        }
        return new RewardBreakdown(total, scores);
    }
}
