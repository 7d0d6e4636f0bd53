package io.reason4j.recipe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.model.AtomicFile;
import io.reason4j.rl.RlConfig;
import io.reason4j.rl.SamplingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The miniature of the ReTool paper's comparison: from the same model size, task, problems, RL
 * algorithm and budget (steps, prompts, samples, length), text-only cold start + text-only RL against
 * code-integrated cold start + RL with the interpreter. Writes {@code experiment.md} (the table) and
 * {@code experiment.json}; each arm is a full recipe run in its own directory ({@code text/},
 * {@code retool/}), resumable like {@code reason4j train}.
 */
public final class RetoolVsText {
    public static final String TABLE_FILE = "experiment.md", JSON_FILE = "experiment.json";

    /** Both arms' summaries. */
    public record Result(RecipeSummary text, RecipeSummary retool, String table) {}

    private final RecipeConfig base;
    private final Path dir;
    private final boolean resume;
    private final PrintStream out;

    /** @param base the recipe both arms share; its cold-start traces and tools are set per arm */
    public RetoolVsText(RecipeConfig base, Path dir, boolean resume, PrintStream out) {
        this.base = base;
        this.dir = dir;
        this.resume = resume;
        this.out = out;
    }

    public Result run() {
        out.println("== text-only: text cold start, RL without the interpreter ==");
        RecipeSummary text = new TrainingRecipe(arm(false), dir.resolve("text"), resume, out).run();
        out.println("== ReTool: code-integrated cold start, RL with the interpreter ==");
        RecipeSummary retool = new TrainingRecipe(arm(true), dir.resolve("retool"), resume, out).run();
        String table = table(text, retool);
        write(text, retool, table);
        return new Result(text, retool, table);
    }

    private RecipeConfig arm(boolean tools) {
        RlConfig c = base.rl();
        SamplingConfig s = c.sampling();
        RlConfig rl = c.withSampling(s.withTools(tools ? "python" : "none"));
        return new RecipeConfig(rl, base.task(), base.model(), base.coldStart().withTraces(tools ? "code" : "text"));
    }

    /**
     * The paper's columns: accuracy after the cold start and after RL, RL steps to reach the best
     * held-out accuracy the text-only run ever had (evaluated every {@code evaluation.every} steps),
     * response length, code ratio.
     */
    static String table(RecipeSummary text, RecipeSummary retool) {
        double target = bestAccuracy(text);
        StringBuilder b = new StringBuilder();
        b.append("| run | held-out accuracy | RL steps to reach ").append(String.format(Locale.ROOT, "%.3f", target))
                .append(" (text-only run's best) | response length (tokens) | code ratio |\n");
        b.append("|---|---|---|---|---|\n");
        row(b, "text-only cold start (SFT)", text.sftAccuracy(), "—", text.sftLength(), null);
        row(b, "text-only RL (" + text.rlSteps() + " steps)", text.rlAccuracy(), steps(text.stepsToReach(target)), text.rlLength(), null);
        row(b, "code-integrated cold start (SFT)", retool.sftAccuracy(), "—", retool.sftLength(), retool.sftTool().get("tool/code_ratio"));
        row(b, "ReTool RL, interpreter in the loop (" + retool.rlSteps() + " steps)", retool.rlAccuracy(), steps(retool.stepsToReach(target)),
                retool.rlLength(), retool.rlTool().get("tool/code_ratio"));
        return b.toString();
    }

    /** The best held-out accuracy of a run, before or during RL. */
    static double bestAccuracy(RecipeSummary s) {
        return s.evaluations().stream().mapToDouble(io.reason4j.rl.EvaluationResult::accuracy).max().orElse(s.rlAccuracy());
    }

    private static void row(StringBuilder b, String name, double accuracy, String steps, double length, Double codeRatio) {
        b.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %.1f | %s |%n", name, accuracy, steps, length,
                codeRatio == null ? "—" : String.format(Locale.ROOT, "%.2f", codeRatio)));
    }

    private static String steps(long s) {
        return s < 0 ? "not reached" : Long.toString(s);
    }

    private void write(RecipeSummary text, RecipeSummary retool, String table) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = json.createObjectNode();
        n.set("text", text.toJson());
        n.set("retool", retool.toJson());
        double target = bestAccuracy(text);
        n.put("target_accuracy", target);
        n.put("retool_steps_to_target", retool.stepsToReach(target));
        n.put("text_steps_to_target", text.stepsToReach(target));
        try {
            AtomicFile.write(dir.resolve(JSON_FILE), (json.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFile.write(dir.resolve(TABLE_FILE), table.getBytes(StandardCharsets.UTF_8));
    }
}
