package io.reason4j.tool;

import java.util.Map;

/**
 * A tool the policy can call while it reasons. Inline formats hand it the text between the code
 * markers; chat formats hand it the {@code arguments} object of a {@code tool_calls} entry, from
 * which {@link #inputFromArguments} takes the same text, so both formats run the same thing.
 *
 * <p>{@link #execute} never throws for anything the input does: every failure, including the
 * tool's own, comes back as a {@link ToolResult} whose text the model can read.
 * Implementations are thread-safe: a rollout calls them from many threads at once.
 */
public interface Tool extends AutoCloseable {

    /** The name a chat template shows and a tool call names, e.g. {@code python}. */
    String name();

    /** One or two sentences for the chat template's tool list. */
    String description();

    /** JSON schema of the arguments object (OpenAI function-calling {@code parameters}). */
    Map<String, Object> parameters();

    /** The input text within a chat tool call's arguments; a missing or mistyped field is an error the model sees. */
    String inputFromArguments(Map<String, Object> arguments);

    ToolResult execute(String input);

    @Override
    default void close() {}
}
