package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of {@code reward.terms}: a reward term by its registered name ({@link RewardTerms}),
 * its weight in the sum {@code R = Σ weight · term}, and its options (each term's are documented in
 * docs/algorithms.md, "Reward terms"). In a file, {@code weight} defaults to 1.0 and {@code options}
 * to none: {@code - {name: accuracy}}.
 */
public record RewardTermConfig(
        @JsonProperty("name") String name,
        @JsonProperty("weight") double weight,
        @JsonProperty("options") Map<String, Object> options) {

    public RewardTermConfig {
        ConfigValueException.oneOf("name", name, RewardTerms.names());
        if (!Double.isFinite(weight)) throw new ConfigValueException("weight", "is " + weight + "; allowed: a finite number");
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** A term at weight 1 with its default options. */
    public static RewardTermConfig of(String name) {
        return new RewardTermConfig(name, 1.0, Map.of());
    }

    /** A term at weight 1 with these options. */
    public static RewardTermConfig of(String name, Map<String, Object> options) {
        return new RewardTermConfig(name, 1.0, options);
    }
}
