package io.reason4j.distill;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.model.AtomicFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a distillation did with every problem and sample: what went in, what each filter dropped, and
 * what was written. Printed as a table and saved beside the output ({@link #pathFor}).
 *
 * @param problemsIn           problems given
 * @param duplicateProblems    dropped: the same normalised prompt as an earlier problem
 * @param contaminated         dropped: an n-gram shared with an evaluation set
 * @param contaminatedBySource of those, per evaluation set
 * @param ngram                the n of the n-grams
 * @param sampled              problems the teacher answered
 * @param n                    samples per problem
 * @param teacherAccuracy      the teacher's avg@n on those problems
 * @param correctSamples       samples the verifier accepted
 * @param cutOff               correct samples dropped because they did not end (length or tool limit)
 * @param duplicateTraces      correct samples dropped as identical to another trace of their problem
 * @param notChosen            usable traces beyond {@code --max-per-problem}
 * @param noCorrectTrace       problems dropped without a usable correct trace
 * @param problemsWritten      problems with at least one example written
 * @param examplesWritten      SFT lines written
 * @param segmentExamples      of those, written as segments (with interpreter output or forced text)
 * @param notes                a few of the dropped problems, each with why
 */
public record DistillReport(@JsonProperty("teacher") String teacher,
                            @JsonProperty("out") String out,
                            @JsonProperty("work") String work,
                            @JsonProperty("problems_in") int problemsIn,
                            @JsonProperty("duplicate_problems") int duplicateProblems,
                            @JsonProperty("contaminated") int contaminated,
                            @JsonProperty("contaminated_by_source") Map<String, Integer> contaminatedBySource,
                            @JsonProperty("ngram") int ngram,
                            @JsonProperty("sampled") int sampled,
                            @JsonProperty("n") int n,
                            @JsonProperty("teacher_accuracy") double teacherAccuracy,
                            @JsonProperty("correct_samples") int correctSamples,
                            @JsonProperty("cut_off") int cutOff,
                            @JsonProperty("duplicate_traces") int duplicateTraces,
                            @JsonProperty("not_chosen") int notChosen,
                            @JsonProperty("no_correct_trace") int noCorrectTrace,
                            @JsonProperty("problems_written") int problemsWritten,
                            @JsonProperty("examples_written") int examplesWritten,
                            @JsonProperty("segment_examples") int segmentExamples,
                            @JsonProperty("notes") List<String> notes) {
    /** Notes kept of each kind: enough to see what a filter does without flooding the screen. */
    static final int NOTES_PER_KIND = 3;

    public DistillReport {
        contaminatedBySource = Map.copyOf(contaminatedBySource);
        notes = List.copyOf(notes);
    }

    /** {@code sft.jsonl} → {@code sft.report.json}, beside it. */
    public static Path pathFor(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".report.json");
    }

    public void write(Path file) {
        AtomicFile.writeJson(file, this);
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        line(sb, "problems in", problemsIn, "");
        line(sb, "  duplicates dropped", duplicateProblems, "same normalised prompt as an earlier problem");
        line(sb, "  contaminated dropped", contaminated, contaminated == 0 ? "" : ngram + " consecutive words shared with "
                + contaminatedBySource.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", ")));
        line(sb, "problems sampled", sampled, String.format(Locale.ROOT, "%d samples each, teacher avg@%d %.3f", n, n, teacherAccuracy));
        line(sb, "  with no correct trace", noCorrectTrace, "dropped");
        line(sb, "correct samples", correctSamples, "of " + sampled * n);
        line(sb, "  cut off", cutOff, "dropped: ended by the length or tool-call limit");
        line(sb, "  identical traces", duplicateTraces, "dropped: the same text as a trace of the same problem");
        line(sb, "  beyond the limit", notChosen, "dropped: more than --max-per-problem for their problem");
        line(sb, "examples written", examplesWritten, problemsWritten + " problems" + (segmentExamples == 0 ? ""
                : ", " + segmentExamples + " as segments with interpreter output or forced text masked"));
        for (String note : notes) sb.append("  ").append(note).append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, String what, int count, String why) {
        sb.append(String.format(Locale.ROOT, "  %-26s %7d%s%n", what, count, why.isEmpty() ? "" : "  " + why));
    }
}
