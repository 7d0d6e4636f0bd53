package io.reason4j.cli;

import io.reason4j.track.report.RunReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reason4j report RUN_DIR}: the run's metrics, evaluations and budget sweeps as an HTML page with plots, and the plots as PNG files. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plot a run: one self-contained HTML page (inline SVG plots, no network) and a PNG file per plot.",
                "Reads every metrics.jsonl, summary.json (a run's or an evaluation's) and sweep.json in RUN_DIR and up to 4 levels below it;"
                        + " one section per directory (a recipe run: the run, sft, rl). docs/reports.md lists what is plotted."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (reason4j train, sft, eval)")
    Path runDir;

    @Option(names = "--out", paramLabel = "FILE_OR_DIR",
            description = "a directory for index.html and the PNGs (default RUN_DIR/report, replaced as a whole), or a page FILE.html with the PNGs beside it")
    Path out;

    @Override
    public Integer call() {
        Path target = out != null ? out : runDir.resolve("report");
        RunReport report = RunReport.build(runDir, target);
        report.warnings().forEach(w -> System.err.println("warning: " + w));
        Path page = report.write(target);
        System.out.printf("report: %s (%d plots in %d sections; the plots also as PNG files beside it)%n", page, report.pngs().size(),
                report.sections());
        return 0;
    }
}
