package io.reason4j.track.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A budget sweep's {@code sweep.json} ({@code "kind": "budget_sweep"}): accuracy at each thinking
 * budget, with s1's budget-forcing metrics (Muennighoff et al. 2025, §3: control, scaling, performance).
 *
 * <pre>{"kind": "budget_sweep", "points": [{"budget": 256, "num_extend": 0, "accuracy": 0.3, "accuracy_se": 0.05,
 *   "mean_thinking_tokens": 240.1, "control": 0.95}, ...], "control": 0.9, "scaling": 0.0012, "performance": 0.45}</pre>
 *
 * @param shownAs the file, relative to the run directory
 * @param points  every point, in the file's order
 * @param s1      control, scaling and performance, those the file has, in that order
 * @param curves  accuracy against mean thinking tokens, one series per num_extend, in budget order
 */
public record BudgetSweep(String shownAs, List<Point> points, Map<String, Double> s1, List<Charts.ErrorSeries> curves) {
    public static final String KIND = "budget_sweep";

    /** One budget's result; {@code accuracySe} and {@code control} are NaN when not given. */
    public record Point(double budget, int numExtend, double accuracy, double accuracySe, double meanThinkingTokens, double control) {}

    /** Reads a parsed {@code sweep.json}; names the file (and the point) in every error. */
    public static BudgetSweep of(JsonNode root, String shownAs) {
        JsonNode points = root.get("points");
        if (points == null || !points.isArray() || points.isEmpty()) {
            throw new ReportInputException(shownAs + ": no \"points\" list; expected {\"kind\": \"budget_sweep\", \"points\": [{\"budget\": 256,"
                    + " \"num_extend\": 0, \"accuracy\": 0.3, \"mean_thinking_tokens\": 240.1}, ...]}");
        }
        List<Point> list = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            JsonNode p = points.get(i);
            String where = shownAs + ": points[" + i + "]";
            list.add(new Point(number(p, "budget", where, true), (int) number(p, "num_extend", where, false), number(p, "accuracy", where, true),
                    number(p, "accuracy_se", where, false), number(p, "mean_thinking_tokens", where, true), number(p, "control", where, false)));
        }
        Map<String, Double> s1 = new LinkedHashMap<>();
        for (String k : List.of("control", "scaling", "performance")) {
            JsonNode v = root.get(k);
            if (v != null && v.isNumber()) s1.put(k, v.asDouble());
        }
        Map<Integer, List<Point>> byExtend = new TreeMap<>();
        for (Point p : list) byExtend.computeIfAbsent(p.numExtend(), k -> new ArrayList<>()).add(p);
        List<Charts.ErrorSeries> curves = new ArrayList<>();
        byExtend.forEach((extend, ps) -> {
            // along the x axis: a budget of 0 (no maximum) thinks longest, though it sorts first by budget
            ps.sort(Comparator.comparingDouble(Point::meanThinkingTokens));
            double[] x = new double[ps.size()], y = new double[ps.size()], se = new double[ps.size()];
            boolean anySe = false;
            for (int i = 0; i < ps.size(); i++) {
                x[i] = ps.get(i).meanThinkingTokens();
                y[i] = ps.get(i).accuracy();
                se[i] = Double.isNaN(ps.get(i).accuracySe()) ? 0 : ps.get(i).accuracySe();
                anySe |= !Double.isNaN(ps.get(i).accuracySe());
            }
            curves.add(new Charts.ErrorSeries("num_extend=" + extend, x, y, anySe ? se : null));
        });
        return new BudgetSweep(shownAs, List.copyOf(list), s1, List.copyOf(curves));
    }

    /** A point's numeric field; a missing optional one is NaN (0 for num_extend). */
    private static double number(JsonNode p, String key, String where, boolean required) {
        JsonNode v = p.get(key);
        if (v == null || v.isNull()) {
            if (required) throw new ReportInputException(where + ": no \"" + key + "\"; every point needs budget, accuracy and mean_thinking_tokens");
            return key.equals("num_extend") ? 0 : Double.NaN;
        }
        if (!v.isNumber()) throw new ReportInputException(where + ": \"" + key + "\" is " + v + "; expected a number");
        return v.asDouble();
    }
}
