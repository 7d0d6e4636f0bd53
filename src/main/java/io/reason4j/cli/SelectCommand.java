package io.reason4j.cli;

import io.reason4j.data.DatasetRows;
import io.reason4j.distill.Selection;
import io.reason4j.distill.SelectionOptions;
import io.reason4j.distill.SelectionReport;
import io.reason4j.eval.ProblemResult;
import io.reason4j.eval.ResultsFile;
import io.reason4j.model.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reason4j select}: s1K-style selection of problems or distilled examples. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = "Select problems, or distilled SFT examples, as s1K was selected: quality (drop failed generations), difficulty"
                + " (keep a reference model's pass rate strictly between --min-pass and --max-pass) and diversity (--count rows sampled"
                + " uniformly across --by categories, preferring longer reasoning). Writes the kept rows unchanged, in file order, and a"
                + " report of what was dropped and why. See docs/distillation.md.")
final class SelectCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "problems (JSONL or Parquet in verl's schema) or distilled SFT examples (JSONL with \"id\")") Path data;
    @Option(names = "--results", description = "a reference model's results.jsonl (or the reason4j eval directory holding it): the pass rates") Path results;
    @Option(names = "--min-pass", description = "keep pass rates above this (default " + SelectionOptions.DEFAULT_MIN_PASS + "; negative keeps 0)") Double minPass;
    @Option(names = "--max-pass", description = "keep pass rates below this (default " + SelectionOptions.DEFAULT_MAX_PASS + "; above 1 keeps 1)") Double maxPass;
    @Option(names = "--count", defaultValue = "0", description = "rows to sample for diversity (default: keep every row the filters leave)") int count;
    @Option(names = "--by", defaultValue = "data_source", description = "the categories to balance: data_source or extra_info.KEY (default ${DEFAULT-VALUE})") String by;
    @Option(names = "--seed", defaultValue = "0", description = "the diversity sampling's seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--out", required = true, description = "the rows kept (.jsonl); the report goes beside it (.report.json)") Path out;

    @Override
    public Integer call() throws Exception {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
            throw new UserInputException("--out: the selection is written as JSON lines; name it .jsonl, got " + out);
        }
        if (results == null && (minPass != null || maxPass != null)) {
            throw new UserInputException("--min-pass and --max-pass filter by a reference model's pass rates: give its results with --results");
        }
        SelectionOptions options = new SelectionOptions(minPass != null ? minPass : SelectionOptions.DEFAULT_MIN_PASS,
                maxPass != null ? maxPass : SelectionOptions.DEFAULT_MAX_PASS, count, by, seed);
        List<DatasetRows.Row> rows = DatasetRows.read(data);
        Map<String, ProblemResult> passRates = null;
        Path resultsFile = null;
        if (results != null) {
            resultsFile = Files.isDirectory(results) ? results.resolve(ResultsFile.RESULTS) : results;
            if (!Files.isRegularFile(resultsFile)) {
                throw new UserInputException("--results: no file " + resultsFile + " (a reason4j eval results.jsonl, or its directory)");
            }
            passRates = ResultsFile.read(resultsFile, false);
        }
        Selection.Result r = Selection.select(rows, passRates, resultsFile == null ? null : resultsFile.toString(), options);
        System.out.println("select: " + data + (resultsFile == null ? "" : " with pass rates from " + resultsFile));
        System.out.print(r.report().table());
        if (r.selected().isEmpty()) throw new UserInputException("no row is left to write to " + out + "; loosen the bounds or check --results");
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (DatasetRows.Row row : r.selected()) lines.writeBytes((row.jsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(out, lines.toByteArray());
        r.report().write(SelectionReport.pathFor(out));
        System.out.println("wrote " + out + " and " + SelectionReport.pathFor(out));
        return 0;
    }
}
