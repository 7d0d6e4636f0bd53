package io.reason4j.rollout;

import java.util.Map;

/**
 * A tool call found in the model's text.
 *
 * @param name      the tool called
 * @param input     what the tool runs (the code); null when the call is malformed
 * @param error     why the call cannot run, for the model to read instead of an output; null when it can
 * @param arguments the chat tool call's arguments object, or null for inline code
 */
public record ToolCall(String name, String input, String error, Map<String, Object> arguments) {

    public static ToolCall code(String name, String input) {
        return new ToolCall(name, input, null, null);
    }

    public static ToolCall malformed(String name, String error, Map<String, Object> arguments) {
        return new ToolCall(name, null, error, arguments);
    }
}
