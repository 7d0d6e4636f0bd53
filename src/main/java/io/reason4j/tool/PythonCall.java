package io.reason4j.tool;

import java.util.Map;

/**
 * One run of Python code in the sandbox.
 *
 * @param code   the code to run; its output is what the call returns
 * @param setup  code run silently first (the earlier cells of a {@link PythonSession}); may be empty
 * @param stdin  what the code reads from standard input; may be empty
 * @param files  files placed in the scratch directory before the run: relative name → base64 content
 * @param limits the limits of this call
 * @param echoLastExpression print a trailing expression's value, as a notebook does (a script does not)
 */
public record PythonCall(String code, String setup, String stdin, Map<String, String> files, SandboxLimits limits,
                         boolean echoLastExpression) {

    public PythonCall {
        if (code == null) throw new IllegalArgumentException("code must not be null");
        setup = setup == null ? "" : setup;
        stdin = stdin == null ? "" : stdin;
        files = files == null ? Map.of() : Map.copyOf(files);
    }

    /** Just this code, with the sandbox's default limits and echo setting. */
    public static PythonCall of(String code, SandboxConfig config) {
        return new PythonCall(code, "", "", Map.of(), config.limits(), config.echoLastExpression());
    }

    public PythonCall withLimits(SandboxLimits newLimits) {
        return new PythonCall(code, setup, stdin, files, newLimits, echoLastExpression);
    }

    public PythonCall withSetup(String newSetup) {
        return new PythonCall(code, newSetup, stdin, files, limits, echoLastExpression);
    }
}
