package io.reason4j.recipe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.model.AtomicFile;
import io.reason4j.rl.EvaluationResult;
import io.reason4j.rl.RlTrainer;
import io.reason4j.track.ProgressLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a training recipe reports: held-out accuracy of the cold-start model (before RL) and after RL,
 * the steps, the time, and the tool statistics after RL; written as {@code summary.json} and printed
 * as a short table.
 *
 * @param sftAccuracy     held-out accuracy before RL (the cold-start model; the initial model without a cold start)
 * @param rlAccuracy      held-out accuracy after RL
 * @param rlSteps         RL steps done
 * @param wallSeconds     the recipe's time in this session (generation of data, SFT, RL, evaluations)
 * @param sftSeconds      time of the cold start (traces and SFT) in this session
 * @param rlSeconds       time of RL in this session, evaluations included
 * @param sftTool         tool statistics of the evaluation before RL
 * @param rlTool          tool statistics of the evaluation after RL
 * @param evaluations     every held-out evaluation, (step, accuracy)
 */
public record RecipeSummary(String task, String preset, String traces, boolean tools, int evalProblems, double sftAccuracy, double rlAccuracy,
                            long rlSteps, double wallSeconds, double sftSeconds, double rlSeconds, double sftLength, double rlLength,
                            Map<String, Double> sftTool, Map<String, Double> rlTool, List<EvaluationResult> evaluations, Path runDir) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static RecipeSummary of(RecipeConfig c, String traces, RlTrainer.Result rl, double sftSeconds, double rlSeconds, double wallSeconds, Path runDir) {
        EvaluationResult first = rl.first().orElseThrow(() -> new IllegalStateException("the recipe needs held-out problems (task.eval_problems > 0)"));
        EvaluationResult last = rl.last().orElseThrow();
        return new RecipeSummary(c.task().name(), c.rl().preset(), traces, c.tools(), first.responses(), first.accuracy(), last.accuracy(),
                rl.steps(), wallSeconds, sftSeconds, rlSeconds, first.meanLength(), last.meanLength(), first.toolMetrics(), last.toolMetrics(),
                rl.evaluations(), runDir);
    }

    /** The first evaluation step at which held-out accuracy reached {@code target}, or -1. */
    public long stepsToReach(double target) {
        for (EvaluationResult e : evaluations) if (e.accuracy() >= target) return e.step();
        return -1;
    }

    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("task", task);
        n.put("preset", preset);
        n.put("cold_start_traces", traces);
        n.put("rl_with_interpreter", tools);
        n.put("eval_responses", evalProblems);
        n.put("sft_accuracy", sftAccuracy);
        n.put("rl_accuracy", rlAccuracy);
        n.put("rl_steps", rlSteps);
        n.put("wall_s", wallSeconds);
        n.put("sft_wall_s", sftSeconds);
        n.put("rl_wall_s", rlSeconds);
        n.put("sft_response_length", sftLength);
        n.put("rl_response_length", rlLength);
        ObjectNode tool = n.putObject("tool");
        rlTool.forEach(tool::put);
        ObjectNode sftToolNode = n.putObject("sft_tool");
        sftTool.forEach(sftToolNode::put);
        ArrayNode history = n.putArray("evaluations");
        for (EvaluationResult e : evaluations) history.addObject().put("step", e.step()).put("accuracy", e.accuracy()).put("response_length", e.meanLength());
        n.put("run_dir", runDir.toString());
        return n;
    }

    /** Writes {@code summary.json} atomically. */
    public void write(Path file) {
        try {
            AtomicFile.write(file, (JSON.writeValueAsString(toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The short table the command prints. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-26s %9s %8s %9s %10s%n", "", "accuracy", "length", "code use", "time"));
        b.append(String.format(Locale.ROOT, "%-26s %9.3f %8.1f %9s %10s%n", "cold start (before RL)", sftAccuracy, sftLength,
                percent(sftTool.get("tool/code_ratio")), ProgressLine.duration(sftSeconds)));
        b.append(String.format(Locale.ROOT, "%-26s %9.3f %8.1f %9s %10s%n", "after RL (" + rlSteps + " steps)", rlAccuracy, rlLength,
                percent(rlTool.get("tool/code_ratio")), ProgressLine.duration(rlSeconds)));
        b.append(String.format(Locale.ROOT, "RL gain: %+.1f points on %d held-out responses (%s, preset %s%s)%n", 100 * (rlAccuracy - sftAccuracy),
                evalProblems, task, preset, tools ? ", with the Python interpreter" : ", text only"));
        if (tools && !rlTool.isEmpty()) {
            b.append(String.format(Locale.ROOT, "tool use after RL: %.2f calls per response, pass rate %s, first call at %s of the response%n",
                    rlTool.getOrDefault("tool/calls_per_response", 0.0), percent(rlTool.get("tool/pass_rate")),
                    percent(rlTool.get("tool/first_call_position"))));
        }
        b.append(String.format(Locale.ROOT, "total time %s; run directory %s%n", ProgressLine.duration(wallSeconds), runDir));
        return b.toString();
    }

    private static String percent(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
}
