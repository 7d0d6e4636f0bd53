package io.reason4j.tool;

import java.util.List;
import java.util.Map;

/**
 * What every {@code python} tool shows the model, local or remote: its name, description and
 * chat-calling schema (one string argument, {@code code}).
 */
public interface PythonTool extends Tool {

    @Override
    default String name() {
        return "python";
    }

    @Override
    default String description() {
        return "Runs Python 3 code in a sandbox and returns what it prints, errors included. "
                + "math, fractions, itertools, numpy and sympy are available; there is no network.";
    }

    @Override
    default Map<String, Object> parameters() {
        return Map.of("type", "object",
                "properties", Map.of("code", Map.of("type", "string", "description", "the Python code to run")),
                "required", List.of("code"));
    }

    @Override
    default String inputFromArguments(Map<String, Object> arguments) {
        Object code = arguments == null ? null : arguments.get("code");
        if (code instanceof String s) return s;
        throw new IllegalArgumentException(code == null
                ? "the arguments must have a \"code\" field with the Python code to run"
                : "\"code\" must be a string with the Python code to run, got " + code.getClass().getSimpleName());
    }
}
