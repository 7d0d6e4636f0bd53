package io.reason4j.reward;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sample's total reward, each component's unweighted value, and the explanation: what was
 * extracted from each side and why they matched or not, then each component's own reason.
 */
public record RewardBreakdown(double total, List<WeightedScore> components) {

    /** A component's value before weighting, and its weight. */
    public record WeightedScore(ComponentScore score, double weight) {}

    /** Component name → unweighted value, in composition order (for {@code rewards/<name>/mean}). */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (WeightedScore w : components) out.put(w.score().name(), w.score().value());
        return out;
    }

    public String explanation() {
        return components.stream().map(w -> w.score().name() + " = " + w.score().value() + " × " + w.weight() + ": " + w.score().explanation())
                .collect(Collectors.joining("\n"));
    }
}
