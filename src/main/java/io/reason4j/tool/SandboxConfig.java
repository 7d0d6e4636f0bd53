package io.reason4j.tool;

import java.nio.file.Path;
import java.util.List;

/**
 * How the Python sandbox is set up.
 *
 * @param python          the interpreter; it and its libraries are mounted read-only in the sandbox
 * @param preload         modules imported once in each warm interpreter (missing ones are skipped), so
 *                        that calls using them do not pay for the import
 * @param servers         warm interpreter servers; each runs many calls at once, but forks them one at a
 *                        time, so one per core (up to 4) keeps the cores busy under concurrent calls
 * @param sparesPerServer calls each server prepares ahead of time, so that a call starts at once
 * @param scratchMb       size of each call's private scratch directory (a tmpfs)
 * @param limits          default limits per call
 * @param isolated        false only when the user explicitly opted out of isolation: code then runs
 *                        as an ordinary child process with resource limits only (unsafe)
 * @param echoLastExpression print the value of a trailing expression, as a notebook cell does
 */
public record SandboxConfig(Path python, List<String> preload, int servers, int sparesPerServer, int scratchMb,
                            SandboxLimits limits, boolean isolated, boolean echoLastExpression) {

    /** The modules retool.md asks to be importable, warm. */
    public static final List<String> DEFAULT_PRELOAD =
            List.of("math", "fractions", "itertools", "collections", "functools", "re", "numpy", "sympy");

    public static final SandboxConfig DEFAULTS = new SandboxConfig(Path.of("/usr/bin/python3"), DEFAULT_PRELOAD,
            Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4), 2, 64, SandboxLimits.DEFAULTS, true, true);

    public SandboxConfig {
        preload = List.copyOf(preload);
        for (String module : preload) {
            if (!module.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
                throw new IllegalArgumentException("sandbox preload: '" + module + "' is not a Python module name");
            }
        }
        if (servers < 1) throw new IllegalArgumentException("sandbox servers must be >= 1, got " + servers);
        if (sparesPerServer < 0) throw new IllegalArgumentException("sandbox spares per server must be >= 0, got " + sparesPerServer);
        if (scratchMb < 1) throw new IllegalArgumentException("sandbox scratch_mb must be >= 1, got " + scratchMb);
    }

    public SandboxConfig withLimits(SandboxLimits newLimits) {
        return new SandboxConfig(python, preload, servers, sparesPerServer, scratchMb, newLimits, isolated, echoLastExpression);
    }

    public SandboxConfig withServers(int count) {
        return new SandboxConfig(python, preload, count, sparesPerServer, scratchMb, limits, isolated, echoLastExpression);
    }

    public SandboxConfig withPreload(List<String> modules) {
        return new SandboxConfig(python, modules, servers, sparesPerServer, scratchMb, limits, isolated, echoLastExpression);
    }

    public SandboxConfig withIsolation(boolean on) {
        return new SandboxConfig(python, preload, servers, sparesPerServer, scratchMb, limits, on, echoLastExpression);
    }

    public SandboxConfig withEchoLastExpression(boolean on) {
        return new SandboxConfig(python, preload, servers, sparesPerServer, scratchMb, limits, isolated, on);
    }
}
