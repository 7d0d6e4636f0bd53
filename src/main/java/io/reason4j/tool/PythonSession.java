package io.reason4j.tool;

import java.util.ArrayList;
import java.util.List;

/**
 * State across the calls of one response, as in a notebook: a variable defined in one call can be
 * used in the next. Each call is still a fresh isolated process; the session replays its earlier
 * successful cells silently before the new one (the approach of public tool-integrated math
 * evaluations, e.g. Qwen2.5-Math's), so nothing lives between calls and a killed call loses nothing.
 * Cells that failed are not replayed. Not thread-safe: one response is generated sequentially.
 */
public final class PythonSession {
    private final PythonSandbox sandbox;
    private final List<String> cells = new ArrayList<>();

    PythonSession(PythonSandbox sandbox) {
        this.sandbox = sandbox;
    }

    public ToolResult execute(String code) {
        return execute(code, sandbox.config().limits());
    }

    public ToolResult execute(String code, SandboxLimits limits) {
        PythonCall call = PythonCall.of(code, sandbox.config()).withLimits(limits).withSetup(String.join("\n", cells));
        ToolResult result = sandbox.run(call);
        if (result.ok()) cells.add(code);
        return result;
    }
}
