package io.reason4j.rl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The advantage estimators by name: a new estimator is one class and one line here. */
public final class AdvantageEstimators {
    private AdvantageEstimators() {}

    private static final Map<String, AdvantageEstimator> BY_NAME = new LinkedHashMap<>();

    static {
        register(new GeneralizedAdvantageEstimation());
        register(new GroupNormalizedAdvantage());
        register(new GroupMeanAdvantage());
        register(new LeaveOneOutAdvantage());
        register(new ReinforcePlusPlusAdvantage());
        register(new ReinforcePlusPlusBaselineAdvantage());
    }

    private static void register(AdvantageEstimator e) {
        BY_NAME.put(e.name(), e);
    }

    /** The estimator called {@code name}; an error listing the known names otherwise. */
    public static AdvantageEstimator of(String name) {
        AdvantageEstimator e = BY_NAME.get(name);
        if (e == null) throw new IllegalArgumentException("unknown advantage estimator '" + name + "'; known: " + String.join(", ", names()));
        return e;
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
