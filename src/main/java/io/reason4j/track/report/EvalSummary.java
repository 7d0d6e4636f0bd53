package io.reason4j.track.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An evaluation's {@code summary.json} ({@code "kind": "eval"}, written by {@code reason4j eval}):
 * what was evaluated and its metrics, of which pass@k and maj@k at several k make the eval curve.
 *
 * <pre>{"kind": "eval", "model": "...", "data": "...", "problems": 30, "n": 32, "temperature": 1.0, "top_p": 0.7,
 *  "metrics": {"avg@32": 0.41, "avg@32_se": 0.05, "pass@1": 0.41, "pass@1_se": 0.05, "pass@8": 0.7, "maj@8": 0.5, ...},
 *  "mean_response_tokens": 123.4}</pre>
 *
 * @param shownAs  the file, relative to the run directory
 * @param settings the fields besides the metrics, as given (model, data, problems, n, temperature, …)
 * @param metrics  every metric with its standard error where the file has one ({@code name_se})
 * @param curves   pass@k and maj@k against k, each sorted by k (only those the file has)
 */
public record EvalSummary(String shownAs, Map<String, JsonNode> settings, List<Metric> metrics, List<Charts.ErrorSeries> curves) {
    public static final String KIND = "eval";
    private static final Pattern AT_K = Pattern.compile("(pass|maj)@(\\d+)");

    /** A metric and its standard error (NaN when not given). */
    public record Metric(String name, double value, double se) {}

    /** Reads an already parsed summary whose kind is eval; names the file in every error. */
    public static EvalSummary of(JsonNode root, String shownAs) {
        JsonNode metrics = root.get("metrics");
        if (metrics == null || !metrics.isObject()) {
            throw new ReportInputException(shownAs + ": \"kind\": \"eval\" but no \"metrics\" object; expected"
                    + " {\"kind\": \"eval\", \"metrics\": {\"pass@1\": 0.41, \"pass@1_se\": 0.05, ...}, ...}");
        }
        Map<String, JsonNode> settings = new LinkedHashMap<>();
        root.properties().forEach(e -> {
            if (!e.getKey().equals("metrics") && !e.getKey().equals("kind")) settings.put(e.getKey(), e.getValue());
        });
        List<Metric> list = new ArrayList<>();
        Map<String, TreeMap<Integer, double[]>> curves = new LinkedHashMap<>();
        curves.put("pass@k", new TreeMap<>());
        curves.put("maj@k", new TreeMap<>());
        for (Map.Entry<String, JsonNode> e : metrics.properties()) {
            String name = e.getKey();
            if (name.endsWith("_se")) continue;
            if (!e.getValue().isNumber()) {
                throw new ReportInputException(shownAs + ": metric \"" + name + "\" is " + e.getValue() + "; expected a number");
            }
            JsonNode seNode = metrics.get(name + "_se");
            double value = e.getValue().asDouble(), se = seNode != null && seNode.isNumber() ? seNode.asDouble() : Double.NaN;
            list.add(new Metric(name, value, se));
            Matcher m = AT_K.matcher(name);
            if (m.matches()) curves.get(m.group(1) + "@k").put(Integer.parseInt(m.group(2)), new double[] {value, se});
        }
        List<Charts.ErrorSeries> series = new ArrayList<>();
        curves.forEach((name, byK) -> {
            if (byK.isEmpty()) return;
            double[] x = new double[byK.size()], y = new double[byK.size()], se = new double[byK.size()];
            int i = 0;
            boolean anySe = false;
            for (Map.Entry<Integer, double[]> p : byK.entrySet()) {
                x[i] = p.getKey();
                y[i] = p.getValue()[0];
                se[i] = Double.isNaN(p.getValue()[1]) ? 0 : p.getValue()[1];
                anySe |= !Double.isNaN(p.getValue()[1]);
                i++;
            }
            series.add(new Charts.ErrorSeries(name, x, y, anySe ? se : null));
        });
        return new EvalSummary(shownAs, settings, List.copyOf(list), List.copyOf(series));
    }
}
