package io.reason4j.reward;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reward components by name, each with its documented defaults (docs/verifier.md), so a reward is
 * configured as text: {@code "accuracy,format:0.5,overlong"} is accuracy ×1 + format ×0.5 + overlong ×1.
 * Adding a component is one line here.
 */
public final class RewardRegistry {
    private static final Map<String, Function<AnswerVerifier, RewardComponent>> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put(AccuracyReward.NAME, AccuracyReward::plusMinusOne);
        DEFAULTS.put(FormatReward.NAME, v -> FormatReward.thinkThenAnswer());
        DEFAULTS.put(ToolUseFormatReward.NAME, v -> ToolUseFormatReward.defaults());
        DEFAULTS.put(OverlongPunishment.NAME, v -> OverlongPunishment.dapo());
        DEFAULTS.put(CosineLengthReward.NAME, CosineLengthReward::trlDefaults);
        DEFAULTS.put(RepetitionPenalty.NAME, v -> RepetitionPenalty.defaults());
    }

    private RewardRegistry() {}

    public static List<String> names() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /** The component called {@code name} with its defaults; the verifier is used by those that need a verdict. */
    public static RewardComponent create(String name, AnswerVerifier verifier) {
        Function<AnswerVerifier, RewardComponent> factory = DEFAULTS.get(name);
        if (factory == null) throw new IllegalArgumentException("unknown reward component '" + name + "'; known: " + String.join(", ", names()));
        return factory.apply(verifier);
    }

    /** Parses {@code name[:weight],...} into a composite reward. */
    public static CompositeReward parse(String spec, AnswerVerifier verifier) {
        List<CompositeReward.Weighted> parts = new ArrayList<>();
        for (String item : spec.split(",")) {
            String t = item.strip();
            if (t.isEmpty()) continue;
            int colon = t.indexOf(':');
            String name = colon < 0 ? t : t.substring(0, colon).strip();
            double weight = 1.0;
            if (colon >= 0) {
                try {
                    weight = Double.parseDouble(t.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("reward weight of '" + name + "' is not a number: '" + t.substring(colon + 1).strip() + "'");
                }
            }
            parts.add(new CompositeReward.Weighted(create(name, verifier), weight));
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("empty reward specification '" + spec + "'; e.g. accuracy,format:0.5");
        return new CompositeReward(parts);
    }
}
