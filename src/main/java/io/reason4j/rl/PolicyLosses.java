package io.reason4j.rl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The policy losses by name: a new loss is one class and one line here. */
public final class PolicyLosses {
    private PolicyLosses() {}

    private static final Map<String, PolicyLoss> BY_NAME = new LinkedHashMap<>();

    static {
        register(new PpoClipLoss());
        register(new GspoLoss());
        register(new ReinforceLoss());
    }

    private static void register(PolicyLoss loss) {
        BY_NAME.put(loss.name(), loss);
    }

    public static PolicyLoss of(String name) {
        PolicyLoss loss = BY_NAME.get(name);
        if (loss == null) throw new IllegalArgumentException("unknown policy loss '" + name + "'; known: " + String.join(", ", names()));
        return loss;
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
