package io.reason4j.data.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked option values of one task: every option of the task, the given value or its default.
 *
 * @param task   the task's name
 * @param values option key → value (Integer, Boolean or String), in the task's declaration order
 */
public record TaskOptions(String task, Map<String, Object> values) {

    public TaskOptions {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Checks {@code given} against the task's options and fills in the defaults.
     *
     * @throws TaskOptionException for an unknown key, a wrong type or a value out of range
     */
    public static TaskOptions of(String task, List<TaskOption> options, Map<String, ?> given) {
        Map<String, TaskOption> byKey = new LinkedHashMap<>();
        for (TaskOption o : options) byKey.put(o.key(), o);
        for (String key : given.keySet()) {
            if (!byKey.containsKey(key)) {
                throw new TaskOptionException("task." + task + "." + key, "no such option; the options of " + task + " are "
                        + (byKey.isEmpty() ? "none" : String.join(", ", byKey.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (TaskOption o : options) {
            values.put(o.key(), given.containsKey(o.key()) ? o.check(task, given.get(o.key())) : o.defaultValue());
        }
        return new TaskOptions(task, values);
    }

    public int integer(String key) {
        return (Integer) value(key);
    }

    public boolean bool(String key) {
        return (Boolean) value(key);
    }

    public String string(String key) {
        return (String) value(key);
    }

    private Object value(String key) {
        Object v = values.get(key);
        if (v == null) throw new IllegalArgumentException("task " + task + " has no option " + key);
        return v;
    }
}
