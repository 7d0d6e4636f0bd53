package io.reason4j.data.task;

import io.reason4j.model.SplitMix64;
import io.reason4j.rollout.InlineToolFormat;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.rollout.ToolCall;
import io.reason4j.tool.Tool;
import io.reason4j.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Writes a problem's worked solution as a response, in the two forms ReTool's cold start needs.
 *
 * <p><b>Text-only</b>: one line per calculation step, then the answer:
 * <pre>
 * 347*28 = 9716
 * 9716-1923 = 7793
 * The answer is \boxed{7793}.
 * </pre>
 *
 * <p><b>Code-integrated</b> (ReTool's rewriting of calculation steps into code): each step becomes,
 * with probability {@code codeProbability}, a code block that prints it, followed by the
 * interpreter's output exactly as the rollout inserts it ({@link InlineToolFormat#resultText}):
 * <pre>
 * &lt;code&gt;
 * print(347*28)
 * &lt;/code&gt;&lt;interpreter&gt;
 * 9716
 * &lt;/interpreter&gt;
 * 9716-1923 = 7793
 * The answer is \boxed{7793}.
 * </pre>
 * The output follows {@code </code>} directly, because the rollout stops generating at
 * {@code </code>} and inserts it there: a trace with a newline between them would teach the model a
 * token it never gets to write. The output comes from running the code through the tool, never from
 * Java, and later steps use the value read from it, as a model reading its output would. Calls are
 * stateless (each runs in a fresh interpreter, as in the rollout), so every block is self-contained:
 * it writes the numbers, not variables of earlier blocks. Which steps become code is drawn from a
 * generator seeded by the seed and the problem's seed, so a build is reproducible.
 */
public final class TraceRenderer {
    /** The line that ends every trace; the verifiers read the box. */
    public static final String ANSWER_LINE = "The answer is \\boxed{%s}.";
    /** Separates the generator that picks code steps from the one that made the problem. */
    private static final long STEP_CHOICE_SALT = 0x636F6465_73746570L;

    private final Tool tool;
    private final InlineToolFormat format;
    private final int maxOutputChars;

    /**
     * @param tool           runs the code (the python sandbox); null renders text-only traces only
     * @param format         the markers (ReTool's {@link InlineToolFormat#XML})
     * @param maxOutputChars output is cut to this, as the rollout cuts it
     */
    public TraceRenderer(Tool tool, InlineToolFormat format, int maxOutputChars) {
        this.tool = tool;
        this.format = format;
        this.maxOutputChars = maxOutputChars;
    }

    /** ReTool's markers and the rollout's default output cut. */
    public static TraceRenderer xml(Tool tool) {
        return new TraceRenderer(tool, InlineToolFormat.XML, RolloutOptions.DEFAULT_MAX_OUTPUT_CHARS);
    }

    /** The text-only trace: no tool needed. */
    public static Trace textOnly(TaskProblem problem) {
        StringBuilder text = new StringBuilder();
        for (String line : problem.solutionLines()) text.append(line).append('\n');
        text.append(ANSWER_LINE.formatted(problem.finalAnswer()));
        return new Trace(problem, List.of(new TraceSegment(text.toString(), true)), List.of(), List.of());
    }

    /**
     * The code-integrated trace; runs its code blocks one after another (a later block needs an earlier
     * output). Thread-safe: render many problems at once to keep the tool busy.
     *
     * @param codeProbability the chance that a step is written as code (1: every step)
     * @param seed            with the problem's seed, decides which steps are code
     */
    public Trace codeIntegrated(TaskProblem problem, double codeProbability, long seed) {
        if (tool == null) throw new IllegalStateException("code-integrated traces need a tool to run the code; this renderer has none");
        if (!(codeProbability >= 0 && codeProbability <= 1)) throw new IllegalArgumentException("code probability must be in [0, 1], got " + codeProbability);
        // Not SplitMix64(problem seed) itself: that stream made the problem, and its draws would decide the steps.
        RandomGenerator rng = new SplitMix64(new SplitMix64(problem.seed() ^ STEP_CHOICE_SALT).nextLong() + seed);
        List<String> values = new ArrayList<>();
        List<TraceSegment> segments = new ArrayList<>();
        List<TraceCall> calls = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<CalculationStep> steps = problem.steps();
        for (int k = 0; k < steps.size(); k++) {
            CalculationStep step = steps.get(k);
            if (rng.nextDouble() >= codeProbability) {
                text.append(step.textLine(values, step.value())).append('\n');
                values.add(step.value());
                continue;
            }
            text.append(format.codeOpen()).append('\n').append(step.code(values)).append('\n').append(format.codeClose());
            // Read the call back as the rollout does, and insert what it would insert.
            ToolCall call = format.callAtEnd(text.toString(), tool)
                    .orElseThrow(() -> new IllegalStateException("the rollout would not find the code block it wrote: " + text));
            ToolResult result = tool.execute(call.input());
            String output = result.text(maxOutputChars);
            segments.add(new TraceSegment(text.toString(), true));
            segments.add(new TraceSegment(format.resultText(call, output), false));
            calls.add(new TraceCall(k, call.input(), output, result.status()));
            text.setLength(0);
            String value = lastLine(output);
            if (!value.equals(step.value())) {
                mismatches.add("step " + (k + 1) + ": the interpreter printed '" + shortened(value) + "' where the calculation gives " + step.value());
            }
            values.add(value);
        }
        text.append(ANSWER_LINE.formatted(CalculationStep.fill(problem.answer(), values)));
        segments.add(new TraceSegment(text.toString(), true));
        return new Trace(problem, segments, calls, mismatches);
    }

    /** The value a reader takes from the output: its last non-blank line. */
    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String shortened(String line) {
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }
}
