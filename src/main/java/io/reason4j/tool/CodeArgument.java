package io.reason4j.tool;

import java.util.Map;

/** The {@code code} field of a code tool's chat arguments, checked, with a message the model can act on. */
final class CodeArgument {
    private CodeArgument() {}

    static String from(Map<String, Object> arguments) {
        Object code = arguments == null ? null : arguments.get("code");
        if (code instanceof String s) return s;
        throw new IllegalArgumentException(code == null
                ? "the arguments must have a \"code\" field with the Python code to run"
                : "\"code\" must be a string with the Python code to run, got " + code.getClass().getSimpleName());
    }
}
