package io.reason4j.data.task;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A response to a problem for cold-start SFT: its text in segments, trained or not, and the code
 * blocks it ran.
 *
 * @param problem    what it answers
 * @param segments   the response in order; concatenated they are the response text
 * @param calls      the code blocks in order, with the output inserted after each; empty for a text-only trace
 * @param mismatches steps whose interpreter output is not the value the calculation gives (each a
 *                   sentence); a trace with any is dropped, since the text after such a step cannot be right
 */
public record Trace(TaskProblem problem, List<TraceSegment> segments, List<TraceCall> calls, List<String> mismatches) {
    public Trace {
        segments = List.copyOf(segments);
        calls = List.copyOf(calls);
        mismatches = List.copyOf(mismatches);
    }

    /** The whole response text, interpreter output included. */
    public String response() {
        return segments.stream().map(TraceSegment::text).collect(Collectors.joining());
    }

    /** Only the text the model is trained to write, each inserted segment replaced by a line break, as rewards read a rollout. */
    public String policyWords() {
        return segments.stream().map(s -> s.train() ? s.text() : "\n").collect(Collectors.joining());
    }
}
