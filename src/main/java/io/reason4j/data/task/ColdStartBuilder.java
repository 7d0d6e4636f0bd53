package io.reason4j.data.task;

import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.VerificationResult;
import io.reason4j.reward.VerifierSettings;
import io.reason4j.rollout.InlineToolFormat;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Builds cold-start SFT data from a task's problems as ReTool does (retool.md, "Cold-start data"):
 * render each problem's solution as a trace, with its calculation steps rewritten into code whose
 * output comes from really running it, then keep only traces that (a) are well-formed, the rollout
 * reading their code blocks as they were run ({@link TraceCheck}), and (b) reach the right final
 * answer by the task's own verifier. Interpreter output that disagrees with the calculation also
 * drops a trace, since the text after it cannot be right.
 *
 * <p>Problems are rendered concurrently on virtual threads, at most {@code concurrency} at a time:
 * a problem's calls run one after another (a step reads the output of the one before), so many
 * problems in flight keep the sandbox's servers busy without flooding them. A snippet that several
 * problems share runs once per build ({@link MemoizedTool}).
 */
public final class ColdStartBuilder {
    /** Problems in flight at once: a few per sandbox server, each of which runs calls in parallel. */
    public static final int DEFAULT_CONCURRENCY = 16;

    private final Tool tool;
    private final InlineToolFormat format;
    private final int maxOutputChars;
    private final TraceCheck check;
    private final int concurrency;

    /**
     * ReTool's markers, the rollout's default output cut and call limit.
     *
     * @param tool runs the code (the python sandbox); may be null when only text-only traces are built
     */
    public ColdStartBuilder(Tool tool) {
        this(tool, InlineToolFormat.XML, RolloutOptions.DEFAULT_MAX_OUTPUT_CHARS, RolloutOptions.DEFAULT_MAX_TOOL_CALLS, DEFAULT_CONCURRENCY);
    }

    /**
     * @param format         the markers, as the rollout's tool format
     * @param maxOutputChars output is cut to this, as the rollout cuts it
     * @param maxToolCalls   the rollout's call limit; traces with more calls are malformed
     * @param concurrency    problems rendered at once
     */
    public ColdStartBuilder(Tool tool, InlineToolFormat format, int maxOutputChars, int maxToolCalls, int concurrency) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        this.tool = tool;
        this.format = format;
        this.maxOutputChars = maxOutputChars;
        this.check = new TraceCheck(format, maxToolCalls);
        this.concurrency = concurrency;
    }

    /**
     * Renders, runs and filters the traces of {@code problems} (problems of {@code task}); a trace's
     * final answer is checked on the model's own words, as the RL reward with {@code verifier} will read them.
     */
    public ColdStartSet build(ReasoningTask task, List<TaskProblem> problems, TraceStyle style, VerifierSettings verifier) {
        AnswerVerifier answers = task.verifier(verifier);
        List<Trace> traces = style.code() ? renderConcurrently(problems, style) : problems.stream().map(TraceRenderer::textOnly).toList();
        List<Trace> kept = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int malformed = 0, wrong = 0, calls = 0;
        for (Trace t : traces) {
            calls += t.calls().size();
            Optional<String> why = check.problem(t);
            String dropped = null;
            if (why.isPresent()) {
                malformed++;
                dropped = "malformed: " + why.get();
            } else if (!t.mismatches().isEmpty()) {
                wrong++;
                dropped = "wrong: " + t.mismatches().getFirst();
            } else {
                TaskProblem p = t.problem();
                VerificationResult r = answers.verify(p.reference(), t.policyWords(), p.question());
                if (!r.equivalent()) {
                    wrong++;
                    dropped = "wrong: " + r.explain();
                }
            }
            if (dropped == null) kept.add(t);
            else if (reasons.size() < ColdStartReport.MAX_REASONS) reasons.add(t.problem().id() + " " + dropped);
        }
        return new ColdStartSet(kept, new ColdStartReport(task.name(), traces.size(), kept.size(), malformed, wrong, calls, reasons));
    }

    private List<Trace> renderConcurrently(List<TaskProblem> problems, TraceStyle style) {
        if (tool == null) throw new IllegalStateException("code-integrated traces need a tool to run their code; this builder has none");
        TraceRenderer renderer = new TraceRenderer(new MemoizedTool(tool), format, maxOutputChars);
        Semaphore inFlight = new Semaphore(concurrency);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Trace>> futures = new ArrayList<>();
            for (TaskProblem p : problems) {
                futures.add(threads.submit(() -> {
                    inFlight.acquire();
                    try {
                        return renderer.codeIntegrated(p, style.codeProbability(), style.seed());
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<Trace> traces = new ArrayList<>(problems.size());
            for (Future<Trace> f : futures) traces.add(f.get());
            return traces;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the cold-start build was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
