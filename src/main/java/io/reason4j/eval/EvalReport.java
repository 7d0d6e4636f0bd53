package io.reason4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.model.AtomicFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An evaluation's outcome: the metrics over problems with their standard errors, response and
 * thinking lengths, and how responses ended; written as {@code summary.json} (the {@code "kind":
 * "eval"} file that {@code reason4j report} plots) and printed as a table.
 *
 * @param metrics             avg@n, pass@k, maj@k (see {@link EvalMetrics})
 * @param meanResponseTokens  mean response length over all samples, inserted tokens included
 * @param meanThinkingTokens  mean sampled thinking tokens (budget forcing; 0 when it is off)
 * @param finishReasons       samples per finish reason
 * @param seconds             time spent in this session (a resumed evaluation counts only its part)
 */
public record EvalReport(EvalSettings settings, List<ProblemResult> results, Map<String, MeanWithError> metrics, double meanResponseTokens,
                         double meanThinkingTokens, Map<String, Integer> finishReasons, double seconds) {
    public static final String SUMMARY = "summary.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static EvalReport of(EvalSettings settings, List<ProblemResult> results, double seconds) {
        Map<String, MeanWithError> metrics = EvalMetrics.of(results, settings.n(), settings.ks(), new ProblemVerifiers(settings.answers())::sameAnswer);
        double tokens = 0, thinking = 0;
        int samples = 0;
        Map<String, Integer> finishes = new TreeMap<>();
        for (ProblemResult r : results) {
            for (SampleResult s : r.samples()) {
                tokens += s.tokens();
                thinking += s.thinkingTokens();
                samples++;
                finishes.merge(s.finish(), 1, Integer::sum);
            }
        }
        int count = Math.max(1, samples);
        return new EvalReport(settings, List.copyOf(results), metrics, tokens / count, thinking / count, finishes, seconds);
    }

    /** avg@n: the accuracy of one sample, estimated with n. */
    public MeanWithError accuracy() {
        return metrics.get("avg@" + settings.n());
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "eval");
        o.put("problems", results.size());
        o.setAll(settings.fingerprint());
        ObjectNode m = o.putObject("metrics");
        metrics.forEach((name, v) -> {
            putNumber(m, name, v.mean());
            putNumber(m, name + "_se", v.standardError());
        });
        o.put("mean_response_tokens", meanResponseTokens);
        o.put("mean_thinking_tokens", meanThinkingTokens);
        finishReasons.forEach(o.putObject("finish_reasons")::put);
        o.put("seconds", seconds);
        return o;
    }

    /** JSON has no NaN: an undefined value (the error of one problem) is written as null. */
    private static void putNumber(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) o.put(name, v);
        else o.putNull(name);
    }

    public void write(Path dir) {
        AtomicFile.writeJson(dir.resolve(SUMMARY), toJson());
    }

    /** The metrics as an aligned table, one per line: {@code pass@8   0.700 ± 0.061}. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d problems × %d samples, T %s, top-p %s, %.1f tokens per response%n", results.size(),
                settings.n(), settings.rollout().sampling().temperature(), settings.rollout().sampling().topP(), meanResponseTokens));
        metrics.forEach((name, v) -> sb.append(String.format(Locale.ROOT, "  %-9s %.3f%s%n", name, v.mean(),
                Double.isFinite(v.standardError()) ? String.format(Locale.ROOT, " ± %.3f", v.standardError()) : "")));
        return sb.toString();
    }
}
