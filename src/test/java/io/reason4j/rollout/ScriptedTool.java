package io.reason4j.rollout;

import io.reason4j.tool.Tool;
import io.reason4j.tool.ToolResult;
import io.reason4j.tool.ToolStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A python tool stand-in whose output is a function of the code; counts its calls. */
public final class ScriptedTool implements Tool {
    private final Function<String, String> stdout;
    public final AtomicInteger calls = new AtomicInteger();

    public ScriptedTool(Function<String, String> stdout) {
        this.stdout = stdout;
    }

    /** {@code print(x)} prints x, anything else prints nothing. */
    public static ScriptedTool printer() {
        return new ScriptedTool(code -> code.startsWith("print(") && code.endsWith(")") ? code.substring(6, code.length() - 1) + "\n" : "");
    }

    @Override
    public String name() {
        return "python";
    }

    @Override
    public String description() {
        return "runs python";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("type", "object", "properties", Map.of("code", Map.of("type", "string")), "required", List.of("code"));
    }

    @Override
    public String inputFromArguments(Map<String, Object> arguments) {
        if (arguments.get("code") instanceof String s) return s;
        throw new IllegalArgumentException("the arguments must have a \"code\" field with the Python code to run");
    }

    @Override
    public ToolResult execute(String input) {
        calls.incrementAndGet();
        return new ToolResult(ToolStatus.OK, stdout.apply(input), "", 0, 1.5);
    }
}
