package io.reason4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.data.PromptExample;
import io.reason4j.model.AtomicFile;
import io.reason4j.rollout.BudgetForcing;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An s1 budget-forcing sweep (test-time.md): one evaluation per (maximum thinking budget, number of
 * extensions), each in its own resumable directory, and s1's three measures of a budget method over
 * the points (Muennighoff et al. 2025, §3.2):
 * <ul>
 *   <li><b>control</b>: the share of samples whose thinking length lands inside the requested range
 *       (at most the budget; at least the minimum when one is set);</li>
 *   <li><b>scaling</b>: the mean slope of accuracy over thinking tokens across all pairs of points,
 *       {@code (1/C(|A|,2)) Σ_{a<b} (f(b) − f(a)) / (b − a)} with a, b the points' mean thinking tokens;</li>
 *   <li><b>performance</b>: the best accuracy.</li>
 * </ul>
 * A budget of 0 means no maximum: the point measures the model's own thinking length (s1's
 * "without forcing" baseline when no extensions are asked for either).
 */
public final class BudgetSweep {
    public static final String FILE = "sweep.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One evaluated setting.
     *
     * @param budget             the maximum thinking tokens, 0 = none
     * @param numExtend          extensions at most
     * @param control            share of samples within the requested thinking range
     */
    public record Point(int budget, int numExtend, MeanWithError accuracy, double meanThinkingTokens, double meanResponseTokens,
                        double control) {}

    /** The sweep's points and s1's measures over them. */
    public record Result(List<Point> points, double control, double scaling, double performance) {

        public ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("kind", "budget_sweep");
            ArrayNode ps = o.putArray("points");
            for (Point p : points) {
                ObjectNode n = ps.addObject();
                n.put("budget", p.budget());
                n.put("num_extend", p.numExtend());
                n.put("accuracy", p.accuracy().mean());
                if (Double.isFinite(p.accuracy().standardError())) n.put("accuracy_se", p.accuracy().standardError());
                else n.putNull("accuracy_se");
                n.put("mean_thinking_tokens", p.meanThinkingTokens());
                n.put("mean_response_tokens", p.meanResponseTokens());
                n.put("control", p.control());
            }
            o.put("control", control);
            if (Double.isFinite(scaling)) o.put("scaling", scaling);
            else o.putNull("scaling");
            o.put("performance", performance);
            return o;
        }

        public String table() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%8s %7s %9s %9s %8s%n", "budget", "extend", "thinking", "accuracy", "control"));
            for (Point p : points) {
                sb.append(String.format(Locale.ROOT, "%8s %7d %9.1f %9.3f %8.3f%n", p.budget() == 0 ? "none" : String.valueOf(p.budget()),
                        p.numExtend(), p.meanThinkingTokens(), p.accuracy().mean(), p.control()));
            }
            sb.append(String.format(Locale.ROOT, "control %.3f, scaling %s per thinking token, performance %.3f%n", control,
                    Double.isFinite(scaling) ? String.format(Locale.ROOT, "%.2e", scaling) : "undefined", performance));
            return sb.toString();
        }
    }

    private BudgetSweep() {}

    /**
     * Evaluates every (budget, extensions) pair, each in {@code out/budget-<B>-extend-<E>/}, and writes
     * {@code out/sweep.json}.
     *
     * @param forcing the delimiter, answer prompt, extension string and minimum the points share
     */
    public static Result run(Evaluation evaluation, List<PromptExample> problems, EvalSettings settings, BudgetForcing forcing,
                             List<Integer> budgets, List<Integer> numExtends, Path out, boolean resume, PrintStream progress) {
        List<Point> points = new ArrayList<>();
        for (int budget : budgets) {
            for (int extend : numExtends) {
                if (budget < 0 || extend < 0) throw new IllegalArgumentException("budgets and extension counts must be >= 0, got " + budget + " and " + extend);
                // No maximum is an unlimited one, so that the rollout still measures the thinking length.
                BudgetForcing b = new BudgetForcing(forcing.endOfThinking(), budget == 0 ? BudgetForcing.UNLIMITED : budget,
                        forcing.answerPrompt(), forcing.minThinkingTokens(), forcing.extension(), extend);
                progress.printf("budget sweep: max thinking %s, %d extensions%n", budget == 0 ? "none" : budget, extend);
                EvalReport report = evaluation.run(problems, settings.withBudget(b), out.resolve("budget-" + budget + "-extend-" + extend), resume);
                report.write(out.resolve("budget-" + budget + "-extend-" + extend));
                points.add(new Point(budget, extend, report.accuracy(), report.meanThinkingTokens(), report.meanResponseTokens(),
                        control(report.results(), budget, forcing.minThinkingTokens())));
            }
        }
        Result result = summarise(points);
        AtomicFile.writeJson(out.resolve(FILE), result.toJson());
        return result;
    }

    static Result summarise(List<Point> points) {
        double control = points.stream().mapToDouble(Point::control).average().orElse(Double.NaN);
        double performance = points.stream().mapToDouble(p -> p.accuracy().mean()).max().orElse(Double.NaN);
        return new Result(List.copyOf(points), control, scaling(points), performance);
    }

    /** Share of samples with {@code min ≤ thinking ≤ budget} (either bound 0 = absent). */
    static double control(List<ProblemResult> results, int budget, int min) {
        int inside = 0, all = 0;
        for (ProblemResult r : results) {
            for (SampleResult s : r.samples()) {
                all++;
                if ((budget == 0 || s.thinkingTokens() <= budget) && s.thinkingTokens() >= min) inside++;
            }
        }
        return all == 0 ? Double.NaN : (double) inside / all;
    }

    /** s1's scaling: the mean slope over all pairs of points with different thinking lengths (NaN with fewer than two). */
    static double scaling(List<Point> points) {
        List<Point> sorted = points.stream().sorted(Comparator.comparingDouble(Point::meanThinkingTokens)).toList();
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < sorted.size(); a++) {
            for (int b = a + 1; b < sorted.size(); b++) {
                double dx = sorted.get(b).meanThinkingTokens() - sorted.get(a).meanThinkingTokens();
                if (dx <= 0) continue; // the same length twice has no slope
                sum += (sorted.get(b).accuracy().mean() - sorted.get(a).accuracy().mean()) / dx;
                pairs++;
            }
        }
        return pairs == 0 ? Double.NaN : sum / pairs;
    }
}
