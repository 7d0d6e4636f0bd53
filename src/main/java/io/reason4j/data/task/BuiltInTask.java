package io.reason4j.data.task;

/**
 * What every built-in task holds besides its problem maker: the name it is registered under, its
 * description, and the option values it was made with.
 */
abstract class BuiltInTask implements ReasoningTask {
    private final String name;
    private final String description;
    private final TaskOptions options;

    BuiltInTask(String name, String description, TaskOptions options) {
        this.name = name;
        this.description = description;
        this.options = options;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final TaskOptions options() {
        return options;
    }
}
