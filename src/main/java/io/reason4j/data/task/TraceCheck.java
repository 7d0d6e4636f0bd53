package io.reason4j.data.task;

import io.reason4j.rollout.InlineToolFormat;
import io.reason4j.rollout.ToolCall;
import io.reason4j.tool.PythonTool;
import java.util.List;
import java.util.Optional;

/**
 * ReTool's first cold-start filter: a trace is well-formed when the RL rollout, generating its
 * trained text, would pause, read and run exactly its code blocks and insert exactly its interpreter
 * segments. The check replays the rollout's own detection ({@link InlineToolFormat#callAtEnd} on
 * the text since the last insertion, at every place the text closes a block) rather than parsing
 * the trace another way, so what passes here is what the rollout will see.
 */
public final class TraceCheck {
    /** Reading a call takes a tool only for its name; the check runs no code, so a stand-in does. */
    private static final PythonTool READER = code -> {
        throw new UnsupportedOperationException("the well-formedness check runs no code");
    };

    private final InlineToolFormat format;
    private final int maxToolCalls;

    /** @param maxToolCalls the rollout's limit; a trace with more calls would be cut off there */
    public TraceCheck(InlineToolFormat format, int maxToolCalls) {
        this.format = format;
        this.maxToolCalls = maxToolCalls;
    }

    /** Why the trace is malformed, or empty when it is well-formed. */
    public Optional<String> problem(Trace trace) {
        List<TraceSegment> segments = trace.segments();
        if (segments.isEmpty() || !segments.getLast().train()) return Optional.of("the trace must end with text the model writes (its answer)");
        int calls = 0;
        for (int i = 0; i < segments.size(); i++) {
            TraceSegment s = segments.get(i);
            if (!s.train()) {
                if (i == 0 || !segments.get(i - 1).train()) return Optional.of("segment " + (i + 1) + ": interpreter output that follows no code block");
                continue;
            }
            boolean last = i == segments.size() - 1;
            if (!last && segments.get(i + 1).train()) return Optional.of("segment " + (i + 1) + ": two trained segments in a row");
            // Every place the model closes a block, the rollout pauses and looks for a call.
            int callEnd = -1;
            for (int at = s.text().indexOf(format.codeClose()); at >= 0; at = s.text().indexOf(format.codeClose(), at + 1)) {
                int end = at + format.codeClose().length();
                if (callAt(s.text().substring(0, end)).isPresent()) {
                    callEnd = end;
                    break;
                }
            }
            if (last) {
                if (callEnd >= 0) return Optional.of("the final text closes a code block at character " + callEnd + " that no interpreter output follows");
                continue;
            }
            if (callEnd != s.text().length()) {
                return Optional.of(callEnd < 0
                        ? "segment " + (i + 1) + ": interpreter output follows text that closes no code block the rollout can read"
                        : "segment " + (i + 1) + ": the rollout would stop at character " + callEnd + " and run code there, not where the output is");
            }
            if (calls >= trace.calls().size()) return Optional.of("more code blocks than calls run");
            ToolCall call = callAt(s.text()).orElseThrow();
            TraceCall ran = trace.calls().get(calls);
            if (!call.input().equals(ran.code())) {
                return Optional.of("call " + (calls + 1) + ": the rollout would run '" + call.input() + "', the trace ran '" + ran.code() + "'");
            }
            if (!format.resultText(call, ran.output()).equals(segments.get(i + 1).text())) {
                return Optional.of("call " + (calls + 1) + ": the inserted text is not what the rollout inserts for its output");
            }
            calls++;
        }
        if (calls != trace.calls().size()) return Optional.of(trace.calls().size() + " calls were run but " + calls + " code blocks are in the text");
        if (calls > maxToolCalls) return Optional.of(calls + " calls; the rollout allows " + maxToolCalls);
        return Optional.empty();
    }

    private Optional<ToolCall> callAt(String text) {
        return format.callAtEnd(text, READER);
    }
}
