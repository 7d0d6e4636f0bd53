package io.reason4j.rollout;

import io.reason4j.tool.ToolStatus;

/**
 * One tool call of a trajectory, for the analysis metrics of retool.md (code ratio, pass rate,
 * invocation timing, self-correction).
 *
 * @param input        what the tool ran (the code)
 * @param output       what the model read back, as inserted (truncated, without the markers)
 * @param status       how the call ended; a malformed call is {@link ToolStatus#ERROR} and did not run
 * @param wallMillis   how long the call took
 * @param position     index in the response ids of the first inserted token (the call closed just before it)
 * @param insertedTokens how many tokens were inserted there (output and markers, all with mask 0)
 */
public record ToolCallRecord(String input, String output, ToolStatus status, double wallMillis, int position,
                             int insertedTokens) {}
