package io.reason4j.data.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The built-in tasks by name, as configuration chooses them ({@code task: arithmetic} with its
 * options under {@code task.arithmetic}).
 */
public final class Tasks {

    /** A registered task: its options (with defaults) and how to make it from checked values. */
    private record Entry(String description, List<TaskOption> options, Function<TaskOptions, ReasoningTask> factory) {}

    private static final Map<String, Entry> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put(ArithmeticTask.NAME, new Entry(ArithmeticTask.DESCRIPTION, ArithmeticTask.OPTIONS, ArithmeticTask::new));
        TASKS.put(ModularTask.NAME, new Entry(ModularTask.DESCRIPTION, ModularTask.OPTIONS, ModularTask::new));
        TASKS.put(LinearTask.NAME, new Entry(LinearTask.DESCRIPTION, LinearTask.OPTIONS, LinearTask::new));
        TASKS.put(CountdownTask.NAME, new Entry(CountdownTask.DESCRIPTION, CountdownTask.OPTIONS, CountdownTask::new));
    }

    private Tasks() {}

    /** The names of the built-in tasks, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(TASKS.keySet());
    }

    /**
     * The task {@code name} with the given options; options not given take their defaults.
     *
     * @throws TaskOptionException for an unknown task or option, a value of the wrong type or out of range
     */
    public static ReasoningTask create(String name, Map<String, ?> options) {
        Entry e = entry(name);
        return e.factory().apply(TaskOptions.of(name, e.options(), options == null ? Map.of() : options));
    }

    /** The task with every option at its default. */
    public static ReasoningTask create(String name) {
        return create(name, Map.of());
    }

    /** One sentence on what the task's problems are. */
    public static String description(String name) {
        return entry(name).description();
    }

    /** The task's options, with defaults, allowed values and descriptions, in declaration order. */
    public static List<TaskOption> options(String name) {
        return entry(name).options();
    }

    /** The task's option defaults, in declaration order. */
    public static Map<String, Object> defaults(String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (TaskOption o : entry(name).options()) out.put(o.key(), o.defaultValue());
        return out;
    }

    private static Entry entry(String name) {
        Entry e = TASKS.get(name);
        if (e == null) throw new TaskOptionException("task", "got " + TaskOption.describe(name) + "; allowed: one of " + String.join(", ", TASKS.keySet()));
        return e;
    }
}
