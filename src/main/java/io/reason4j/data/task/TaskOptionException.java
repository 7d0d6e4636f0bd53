package io.reason4j.data.task;

/**
 * A task option (difficulty knob) that is not allowed: an unknown key, a value of the wrong type or
 * out of range. The message names the option as a configuration path ({@code task.arithmetic.steps}),
 * what it got and what is allowed, e.g.
 * {@code task.arithmetic.steps: got 0; allowed: an integer in [1, 8]}.
 */
public final class TaskOptionException extends IllegalArgumentException {
    private final String key;

    public TaskOptionException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** The option's full path, e.g. {@code task.arithmetic.steps}. */
    public String key() {
        return key;
    }
}
