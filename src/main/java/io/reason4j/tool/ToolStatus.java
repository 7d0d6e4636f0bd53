package io.reason4j.tool;

import java.util.Locale;

/** How a tool call ended. The wire name ({@link #wireName}) is what JSON output and the sandbox server use. */
public enum ToolStatus {
    /** Ran to the end and exited with status 0. */
    OK,
    /** An exception, a non-zero exit, or a crash: the error text is in stderr. */
    ERROR,
    /** Wall-clock or CPU time limit reached; the call was killed. */
    TIMEOUT,
    /** The memory limit was reached. */
    MEMORY,
    /** stdout + stderr passed the output limit; the call was killed and its output cut there. */
    OUTPUT_LIMIT,
    /** The sandbox itself failed (not the code): the call did not run, or its fate is unknown. */
    SANDBOX_ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ToolStatus fromWireName(String name) {
        for (ToolStatus s : values()) {
            if (s.wireName().equals(name)) return s;
        }
        throw new IllegalArgumentException("unknown tool status '" + name + "'");
    }
}
