package io.reason4j.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What reading a dataset file found, for the user: examples by format, what was skipped and why.
 *
 * @param source             the file (or name) read
 * @param examples           examples kept
 * @param blankLines         blank lines skipped
 * @param formats            examples kept, by format
 * @param untrainable        lines skipped because they have no token to train on (a conversation
 *                           without an assistant message, an empty completion without EOS, an all-zero
 *                           loss mask)
 * @param untrainableAt      where the first few of those are ({@code file:line})
 * @param boundaryMismatches boundaries between prompt and completion (or between segments, or around
 *                           an assistant turn) where a token straddles the boundary, see
 *                           {@link JointTokenizer}: TRL warns about the same
 * @param mismatchesAt       where the first few of those are
 */
public record SftReadReport(String source, int examples, int blankLines, Map<SftFormat, Integer> formats,
                            int untrainable, List<String> untrainableAt, int boundaryMismatches,
                            List<String> mismatchesAt) {

    /** How many places the lists of locations hold at most. */
    static final int PLACES = 5;

    public SftReadReport {
        formats = formats.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(formats));
        untrainableAt = List.copyOf(untrainableAt);
        mismatchesAt = List.copyOf(mismatchesAt);
    }

    /** A report for examples made in memory. */
    static SftReadReport inMemory(String name, int examples) {
        return new SftReadReport(name, examples, 0, Map.of(), 0, List.of(), 0, List.of());
    }

    /** One line, e.g. "train.jsonl: 1200 examples (1000 chat, 200 segments)". */
    public String summary() {
        StringBuilder s = new StringBuilder(source + ": " + examples + (examples == 1 ? " example" : " examples"));
        if (!formats.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (SftFormat format : SftFormat.values()) {
                if (formats.containsKey(format)) {
                    parts.add(formats.get(format) + " " + format.name().toLowerCase().replace('_', '-'));
                }
            }
            s.append(" (").append(String.join(", ", parts)).append(")");
        }
        if (blankLines > 0) {
            s.append(", ").append(blankLines).append(blankLines == 1 ? " blank line" : " blank lines").append(" skipped");
        }
        return s.toString();
    }

    /** What the user should look at, one line each; empty if nothing. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (untrainable > 0) {
            warnings.add(source + ": " + untrainable + " lines have no token to train on and are skipped (a conversation"
                    + " needs an assistant message, a completion some text or EOS, a loss mask a 1), e.g. "
                    + String.join(", ", untrainableAt));
        }
        if (boundaryMismatches > 0) {
            warnings.add(source + ": at " + boundaryMismatches + " boundaries between trained and untrained text a token"
                    + " spans both sides (it goes with the later side); tokenizing the two sides alone would give other tokens, e.g. "
                    + String.join(", ", mismatchesAt));
        }
        return warnings;
    }
}
