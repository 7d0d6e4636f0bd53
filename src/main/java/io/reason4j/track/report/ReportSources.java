package io.reason4j.track.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a report is made of: the directories under a run directory (itself included, at most
 * {@value #MAX_DEPTH} levels down) that hold a {@code metrics.jsonl}, a {@code summary.json} or a
 * {@code sweep.json}. A recipe run gives three ({@code .} with the run's summary, {@code sft},
 * {@code rl}); an evaluation directory one. Hidden directories (temporary ones of atomic writes) and
 * the report's own output are skipped. The run directory comes first, then the others in the order
 * they were last written (SFT before the RL that followed it, evaluations after training), by name
 * where that is equal.
 */
public final class ReportSources {
    public static final int MAX_DEPTH = 4;
    public static final String METRICS = "metrics.jsonl", SUMMARY = "summary.json", SWEEP = "sweep.json", RESULTS = "results.jsonl";

    /**
     * A directory with something to report.
     *
     * @param name    its path relative to the run directory ({@code .} for the run directory itself), with {@code /}
     * @param metrics its metrics.jsonl, or null
     * @param summary its summary.json (a run's or an evaluation's), or null
     * @param sweep   its sweep.json, or null
     * @param results its results.jsonl (an evaluation's per-problem results), or null
     */
    public record Source(String name, Path dir, Path metrics, Path summary, Path sweep, Path results) {
        /** A file of this directory as the report names it: relative to the run directory. */
        public String shown(Path file) {
            return name.equals(".") ? file.getFileName().toString() : name + "/" + file.getFileName();
        }
    }

    private ReportSources() {}

    /** The sources under {@code runDir}, the run directory first, then by relative path; {@code skip} (the output) is not searched. */
    public static List<Source> scan(Path runDir, Path skip) {
        Path root = runDir.toAbsolutePath().normalize(), skipped = skip == null ? null : skip.toAbsolutePath().normalize();
        Map<String, Path> dirs = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root, MAX_DEPTH + 1)) {
            all.filter(p -> Files.isRegularFile(p) && List.of(METRICS, SUMMARY, SWEEP).contains(p.getFileName().toString()))
                    .filter(p -> !hidden(root.relativize(p)) && (skipped == null || !p.startsWith(skipped)))
                    .forEach(p -> {
                        Path rel = root.relativize(p.getParent());
                        dirs.put(rel.toString().isEmpty() ? "." : rel.toString().replace('\\', '/'), p.getParent());
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir + ": " + e.getMessage(), e);
        }
        List<Source> out = new ArrayList<>();
        dirs.forEach((name, dir) -> out.add(new Source(name, dir, file(dir, METRICS), file(dir, SUMMARY), file(dir, SWEEP), file(dir, RESULTS))));
        out.sort(Comparator.comparing((Source s) -> !s.name().equals(".")).thenComparing(ReportSources::lastWritten)); // stable: by name on ties
        return List.copyOf(out);
    }

    private static FileTime lastWritten(Source s) {
        FileTime newest = FileTime.fromMillis(0);
        for (Path p : new Path[] {s.metrics(), s.summary(), s.sweep()}) {
            if (p == null) continue;
            try {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.compareTo(newest) > 0) newest = t;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
            }
        }
        return newest;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return true;
        return false;
    }

    private static Path file(Path dir, String name) {
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? p : null;
    }
}
