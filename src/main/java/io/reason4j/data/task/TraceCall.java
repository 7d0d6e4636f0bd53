package io.reason4j.data.task;

import io.reason4j.tool.ToolStatus;

/**
 * A code block of a trace as it was run.
 *
 * @param step   the calculation step it computes
 * @param code   the code the tool ran (the rollout's reading of the block)
 * @param output the interpreter's text as inserted (cut like the rollout cuts it)
 * @param status how the call ended
 */
public record TraceCall(int step, String code, String output, ToolStatus status) {}
