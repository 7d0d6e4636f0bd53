package io.reason4j.data.task;

import java.nio.file.Path;
import java.util.List;

/**
 * The traces a cold-start build kept, and its report.
 *
 * @param kept   well-formed traces with the right answer, in problem order
 * @param report counts and reasons
 */
public record ColdStartSet(List<Trace> kept, ColdStartReport report) {
    public ColdStartSet {
        kept = List.copyOf(kept);
    }

    /** Writes the kept traces as segments JSONL for SFT ({@link SegmentsJsonl}), atomically. */
    public void write(Path file) {
        SegmentsJsonl.write(file, kept);
    }
}
