package io.reason4j.track.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.model.AtomicDirectory;
import io.reason4j.model.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;

/**
 * {@code reason4j report RUN_DIR}: one self-contained HTML page with a section per source directory
 * ({@link ReportSources}): the run's summary, an evaluation's pass@k / maj@k curve, a budget sweep's
 * accuracy against thinking tokens, and every metric of a {@code metrics.jsonl} plotted by theme
 * ({@link PlotPlan}) with a table of final, lowest and highest values; and each plot again as a PNG.
 * Everything is made in memory first, so a failure writes nothing.
 *
 * @param html     the page
 * @param pngs     file name → PNG bytes, one per plot ({@code <section>-<plot>.png})
 * @param warnings what the page notes about its inputs (e.g. a cut-short last line)
 * @param sections sections on the page
 */
public record RunReport(String html, Map<String, byte[]> pngs, List<String> warnings, int sections) {
    public static final String PAGE = "index.html";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A source read and checked, before anything is drawn. */
    private record Read(ReportSources.Source source, String slug, String title, MetricsFile metrics, JsonNode runSummary, EvalSummary eval,
                        BudgetSweep sweep, long results) {}

    /**
     * Reads every source under {@code runDir} and draws the page; {@code output} (where it will be
     * written) is not searched for sources.
     *
     * @throws ReportInputException when there is nothing to report or a file is malformed (naming it)
     */
    public static RunReport build(Path runDir, Path output) {
        if (!Files.isDirectory(runDir)) {
            throw new ReportInputException(runDir + " is not a directory; give the run directory that reason4j train, sft or eval wrote");
        }
        List<ReportSources.Source> sources = ReportSources.scan(runDir, output);
        if (sources.isEmpty()) {
            throw new ReportInputException(runDir + " holds no metrics.jsonl, summary.json or sweep.json (looked " + ReportSources.MAX_DEPTH
                    + " directory levels down); a report shows what reason4j train, sft and eval write into their directories");
        }
        List<String> warnings = new ArrayList<>();
        List<Read> read = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        String runName = runDir.toAbsolutePath().normalize().getFileName() == null ? runDir.toString()
                : runDir.toAbsolutePath().normalize().getFileName().toString();
        for (ReportSources.Source s : sources) {
            MetricsFile metrics = s.metrics() == null ? null : MetricsFile.read(s.metrics(), s.shown(s.metrics()));
            if (metrics != null) warnings.addAll(metrics.warnings());
            JsonNode runSummary = null;
            EvalSummary eval = null;
            BudgetSweep sweep = null;
            if (s.summary() != null) {
                JsonNode root = object(s.summary(), s.shown(s.summary()));
                if (root.path("kind").asText().equals(EvalSummary.KIND)) eval = EvalSummary.of(root, s.shown(s.summary()));
                else runSummary = root;
            }
            if (s.sweep() != null) sweep = BudgetSweep.of(object(s.sweep(), s.shown(s.sweep())), s.shown(s.sweep()));
            long results = s.results() == null || eval == null ? -1 : lines(s.results());
            // Unique: it names the section's PNG files ("eval/a" and "eval-a" would both be eval-a).
            String base = s.name().equals(".") ? "run" : PlotPlan.slugOf(s.name()), slug = base;
            for (int n = 2; !slugs.add(slug); n++) slug = base + "-" + n;
            String title = s.name().equals(".") ? runName : s.name();
            read.add(new Read(s, slug, title, metrics, runSummary, eval, sweep, results));
        }

        ReportPage page = new ReportPage("reason4j report: " + runName);
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        page.element("h1", null, "reason4j report: " + runName);
        page.element("p", "meta", "run directory " + runDir.toAbsolutePath().normalize() + "; made "
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " by reason4j report");
        List<String[]> contents = new ArrayList<>();
        for (Read r : read) contents.add(new String[] {"sec-" + r.slug(), r.title()});
        page.contents(contents);
        if (!warnings.isEmpty()) page.list("notes", warnings);
        for (Read r : read) section(page, r, pngs);
        return new RunReport(page.finish(), pngs, List.copyOf(warnings), read.size());
    }

    private static void section(ReportPage page, Read r, Map<String, byte[]> pngs) {
        page.openSection("sec-" + r.slug(), r.title());
        ReportSources.Source s = r.source();
        if (r.runSummary() != null) {
            page.element("h3", null, "Summary").element("p", "source", "from " + s.shown(s.summary()));
            page.jsonTable(r.runSummary());
        }
        if (r.eval() != null) evaluation(page, r, pngs);
        if (r.sweep() != null) sweep(page, r, pngs);
        if (r.metrics() != null) metrics(page, r, pngs);
        page.closeSection();
    }

    private static void evaluation(ReportPage page, Read r, Map<String, byte[]> pngs) {
        EvalSummary e = r.eval();
        page.element("h3", null, "Evaluation").element("p", "source", "from " + e.shownAs()
                + (r.results() >= 0 ? "; per-problem results in " + r.source().shown(r.source().results()) + " (" + r.results() + " lines)" : ""));
        List<List<String>> settings = new ArrayList<>();
        e.settings().forEach((k, v) -> settings.add(List.of(k, v.isNumber() ? ReportPage.number(v.asDouble()) : v.asText(v.toString()))));
        page.openRow();
        if (!settings.isEmpty()) page.table(List.of("setting", "value"), settings);
        List<List<String>> rows = new ArrayList<>();
        for (EvalSummary.Metric m : e.metrics()) {
            rows.add(List.of(m.name(), ReportPage.number(m.value()), Double.isNaN(m.se()) ? "" : ReportPage.number(m.se())));
        }
        page.table(List.of("metric", "value", "standard error"), rows);
        if (!e.curves().isEmpty()) {
            figure(page, pngs, r.slug() + "-pass-maj-at-k", "pass@k and maj@k", names(e.curves()),
                    Charts.withErrorBars("pass@k and maj@k (±1 s.e.)", "k (samples per problem, log₂ scale)", "fraction of problems", e.curves(), true));
        }
        page.closeRow();
    }

    private static void sweep(ReportPage page, Read r, Map<String, byte[]> pngs) {
        BudgetSweep b = r.sweep();
        page.element("h3", null, "Budget sweep").element("p", "source", "from " + b.shownAs());
        page.openRow();
        if (!b.s1().isEmpty()) {
            List<List<String>> s1 = new ArrayList<>();
            b.s1().forEach((k, v) -> s1.add(List.of(k, ReportPage.number(v))));
            page.table(List.of("s1 metric", "value"), s1);
        }
        figure(page, pngs, r.slug() + "-budget-sweep", "Accuracy against thinking tokens", names(b.curves()),
                Charts.withErrorBars("Accuracy against thinking tokens (±1 s.e.)", "mean thinking tokens", "accuracy", b.curves(), false));
        List<List<String>> rows = new ArrayList<>();
        for (BudgetSweep.Point p : b.points()) {
            rows.add(List.of(ReportPage.number(p.budget()), Integer.toString(p.numExtend()), ReportPage.number(p.accuracy()),
                    Double.isNaN(p.accuracySe()) ? "" : ReportPage.number(p.accuracySe()), ReportPage.number(p.meanThinkingTokens()),
                    Double.isNaN(p.control()) ? "" : ReportPage.number(p.control())));
        }
        page.table(List.of("budget", "num_extend", "accuracy", "standard error", "mean thinking tokens", "control"), rows);
        page.closeRow();
    }

    private static void metrics(ReportPage page, Read r, Map<String, byte[]> pngs) {
        MetricsFile m = r.metrics();
        page.element("p", "source", "from " + m.shownAs() + ": " + m.records() + " records, " + m.series().size() + " metrics");
        // One grid for all plots, in theme order: a theme with one or two plots does not take a row of its own.
        List<PlotPlan.Plot> plots = PlotPlan.of(m.series());
        if (!plots.isEmpty()) {
            page.openGrid();
            for (PlotPlan.Plot plot : plots) {
                figure(page, pngs, r.slug() + "-" + plot.slug(), plot.title(), plot.series().stream().map(Series::name).toList(), Charts.lines(plot));
            }
            page.closeGrid();
        }
        page.element("h3", null, "All metrics of " + m.shownAs());
        List<List<String>> rows = new ArrayList<>();
        for (Series s : m.series()) {
            String at = s.xLabel().equals("step") ? "step " : "record ";
            if (s.size() == 0) {
                rows.add(List.of(s.name(), Theme.of(s.name()).title, "0", "", "", ""));
                continue;
            }
            int lo = 0, hi = 0;
            for (int i = 0; i < s.size(); i++) {
                if (s.y()[i] < s.y()[lo]) lo = i;
                if (s.y()[i] > s.y()[hi]) hi = i;
            }
            int last = s.size() - 1;
            rows.add(List.of(s.name(), Theme.of(s.name()).title, Integer.toString(s.size()),
                    ReportPage.number(s.y()[last]) + " (" + at + ReportPage.number(s.x()[last]) + ")",
                    ReportPage.number(s.y()[lo]) + " (" + at + ReportPage.number(s.x()[lo]) + ")",
                    ReportPage.number(s.y()[hi]) + " (" + at + ReportPage.number(s.x()[hi]) + ")"));
        }
        page.table(List.of("metric", "theme", "points", "final", "lowest", "highest"), rows);
    }

    private static List<String> names(List<Charts.ErrorSeries> series) {
        return series.stream().map(Charts.ErrorSeries::name).toList();
    }

    /** A plot in the page (inline SVG) and in the PNG files; {@code names} are its series in legend order. */
    private static void figure(ReportPage page, Map<String, byte[]> pngs, String id, String title, List<String> names, JFreeChart chart) {
        String png = id + ".png";
        pngs.put(png, ChartImages.png(chart, Charts.WIDTH, Charts.HEIGHT));
        page.figure("fig-" + id, ChartImages.svg(chart, Charts.WIDTH, Charts.HEIGHT, id, title), png, names);
    }

    private static JsonNode object(Path file, String shownAs) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) throw new ReportInputException(shownAs + ": not a JSON object");
            return root;
        } catch (JsonProcessingException e) {
            throw new ReportInputException(shownAs + ": not valid JSON (" + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> l = Files.lines(file, StandardCharsets.UTF_8)) {
            return l.filter(x -> !x.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the page and the PNGs. To a directory (the default, {@code RUN_DIR/report}): the whole
     * directory at once, replacing an earlier report there (a directory that holds anything else is
     * refused). To a {@code .html} file: the PNGs beside it, then the page, each file at once.
     *
     * @return the page's path
     */
    public Path write(Path out) {
        if (out.getFileName() != null && out.getFileName().toString().endsWith(".html")) {
            Path dir = out.toAbsolutePath().getParent();
            pngs.forEach((name, bytes) -> AtomicFile.write(dir.resolve(name), bytes));
            AtomicFile.write(out, html.getBytes(StandardCharsets.UTF_8));
            return out;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ReportInputException(out + " exists and is not a directory; give --out a directory or a file name ending in .html");
        }
        if (Files.isDirectory(out) && !Files.isRegularFile(out.resolve(PAGE)) && !empty(out)) {
            throw new ReportInputException(out + " holds files and no " + PAGE + ": it is not an earlier report, so it is left alone;"
                    + " choose a new or empty directory, or a file name ending in .html");
        }
        AtomicDirectory.write(out, true, dir -> {
            // A temporary directory is private (rwx------); a report is meant to be read by others, as its files are.
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.writeString(dir.resolve(PAGE), html, StandardCharsets.UTF_8);
            for (Map.Entry<String, byte[]> p : pngs.entrySet()) Files.write(dir.resolve(p.getKey()), p.getValue());
        });
        return out.resolve(PAGE);
    }

    private static boolean empty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
