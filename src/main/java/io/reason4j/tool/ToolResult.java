package io.reason4j.tool;

/**
 * What a tool call produced.
 *
 * @param status   how it ended
 * @param stdout   what it printed, as printed (up to the sandbox's output limit)
 * @param stderr   errors as an interpreter prints them (trimmed tracebacks), plus a line saying
 *                 which limit ended the call, if one did
 * @param exitCode the process exit status; negative: killed by that signal
 * @param wallMillis time from dispatch to the end of the call, in milliseconds
 */
public record ToolResult(ToolStatus status, String stdout, String stderr, int exitCode, double wallMillis) {

    public static ToolResult sandboxError(String message, double wallMillis) {
        return new ToolResult(ToolStatus.SANDBOX_ERROR, "", message.endsWith("\n") ? message : message + "\n", -1, wallMillis);
    }

    public boolean ok() {
        return status == ToolStatus.OK;
    }

    /** What the model reads back, as a notebook shows it: the printed output, then the error text. */
    public String text() {
        if (stderr.isEmpty()) return stdout;
        if (stdout.isEmpty() || stdout.endsWith("\n")) return stdout + stderr;
        return stdout + "\n" + stderr;
    }

    /** {@link #text} cut to about {@code maxChars}, keeping head and tail ({@link OutputTruncation}). */
    public String text(int maxChars) {
        return OutputTruncation.keepHeadAndTail(text(), maxChars);
    }
}
