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
 * What a selection dropped at each stage and why, and how the kept rows spread over the categories.
 *
 * @param rowsIn     rows read
 * @param quality    rows dropped as failed generations, per reason
 * @param difficulty whether pass rates were filtered (reference results were given)
 * @param tooHard    dropped: pass rate at or below {@code minPass}
 * @param tooEasy    dropped: pass rate at or above {@code maxPass}
 * @param eligible   rows left for diversity sampling
 * @param count      rows asked for (0: all eligible)
 * @param categories per category of the eligible rows: how many there were and how many were kept
 * @param written    rows written
 * @param notes      the first few quality drops, with their lines
 */
public record SelectionReport(@JsonProperty("rows_in") int rowsIn,
                              @JsonProperty("quality_dropped") Map<String, Integer> quality,
                              @JsonProperty("difficulty_filtered") boolean difficulty,
                              @JsonProperty("min_pass") double minPass,
                              @JsonProperty("max_pass") double maxPass,
                              @JsonProperty("too_hard") int tooHard,
                              @JsonProperty("too_easy") int tooEasy,
                              @JsonProperty("eligible") int eligible,
                              @JsonProperty("count") int count,
                              @JsonProperty("by") String by,
                              @JsonProperty("seed") long seed,
                              @JsonProperty("categories") Map<String, CategoryCount> categories,
                              @JsonProperty("written") int written,
                              @JsonProperty("notes") List<String> notes) {
    static final int NOTES = 5;

    /** Eligible rows of a category, and how many of them were kept. */
    public record CategoryCount(@JsonProperty("eligible") int eligible, @JsonProperty("kept") int kept) {
        CategoryCount plus(CategoryCount o) {
            return new CategoryCount(eligible + o.eligible, kept + o.kept);
        }
    }

    public SelectionReport {
        quality = Map.copyOf(quality);
        categories = Map.copyOf(categories);
        notes = List.copyOf(notes);
    }

    public int qualityDropped() {
        return quality.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** {@code selected.jsonl} → {@code selected.report.json}, beside it. */
    public static Path pathFor(Path out) {
        return DistillReport.pathFor(out);
    }

    public void write(Path file) {
        AtomicFile.writeJson(file, this);
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        line(sb, "rows in", rowsIn, "");
        line(sb, "quality dropped", qualityDropped(), quality.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining("; ")));
        if (difficulty) {
            line(sb, "too hard dropped", tooHard, String.format(Locale.ROOT, "reference pass rate <= %s", minPass));
            line(sb, "too easy dropped", tooEasy, String.format(Locale.ROOT, "reference pass rate >= %s", maxPass));
        } else {
            sb.append("  (no difficulty filter: no --results)\n");
        }
        line(sb, "eligible", eligible, categories.size() + " categories by " + by);
        if (count > 0) {
            line(sb, "not sampled", eligible - written, "s1 diversity sampling of " + count + (eligible < count ? " (fewer eligible: all kept)" : "") + ", seed " + seed);
        }
        line(sb, "written", written, "");
        categories.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append(String.format(Locale.ROOT,
                "    %-24s %5d of %5d%n", e.getKey(), e.getValue().kept(), e.getValue().eligible())));
        for (String note : notes) sb.append("  ").append(note).append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, String what, int count, String why) {
        sb.append(String.format(Locale.ROOT, "  %-18s %7d%s%n", what, count, why.isEmpty() ? "" : "  " + why));
    }
}
