package io.reason4j.eval;

import io.reason4j.data.PromptExample;
import io.reason4j.data.task.TraceSegment;
import io.reason4j.engine.Engine;
import io.reason4j.model.SplitMix64;
import io.reason4j.reward.VerificationResult;
import io.reason4j.rollout.ResponseText;
import io.reason4j.rollout.Rollout;
import io.reason4j.rollout.RolloutRequest;
import io.reason4j.rollout.Trajectory;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.Tokenizer;
import io.reason4j.tool.Tool;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Samples {@code n} responses to every problem through any {@link Engine} (the local one, or a
 * remote OpenAI-compatible server), with the same rollout as training (tool calls in the sandbox,
 * s1 budget forcing), judges each with the problem's verifier ({@link ProblemVerifiers}, as the
 * settings say) on the model's own words, and saves the results problem by
 * problem, so an interrupted evaluation resumes without redoing finished problems.
 *
 * <p>Problems go to the engine in chunks of about {@code batch} sequences, all samples of a problem
 * in one chunk. A sample's seed depends only on the evaluation's seed, the problem's id and the
 * sample's index, so chunking and resuming never change what is drawn.
 */
public final class Evaluation {
    private final Engine engine;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final Map<String, Object> templateVariables;
    private final Tool tool;
    private final int batch;
    private final PrintStream progress;

    /**
     * @param template          renders a problem's messages with the generation prompt
     * @param templateVariables extra template variables (e.g. {@code tools} for a chat tool format)
     * @param tool              the interpreter, or null when the model gets no tool
     * @param batch             sequences sent to the engine at once (a chunk holds at least one problem)
     */
    public Evaluation(Engine engine, Tokenizer tokenizer, ChatTemplate template, Map<String, Object> templateVariables, Tool tool,
                      int batch, PrintStream progress) {
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        this.engine = engine;
        this.tokenizer = tokenizer;
        this.template = template;
        this.templateVariables = Map.copyOf(templateVariables);
        this.tool = tool;
        this.batch = batch;
        this.progress = progress;
    }

    /** Evaluates every problem not yet in {@code out}'s results, then returns the report over all of them. */
    public EvalReport run(List<PromptExample> problems, EvalSettings settings, Path out, boolean resume) {
        long started = System.nanoTime();
        Rollout rollout = new Rollout(engine, tokenizer, settings.tools() ? tool : null, settings.rollout());
        try (ResultsFile results = ResultsFile.open(out, settings.fingerprint(), resume)) {
            List<PromptExample> todo = problems.stream().filter(p -> !results.isDone(p.id())).toList();
            if (todo.size() < problems.size()) {
                progress.printf("eval: %d of %d problems already done in %s; sampling the other %d%n", problems.size() - todo.size(),
                        problems.size(), out.resolve(ResultsFile.RESULTS), todo.size());
            }
            int perChunk = Math.max(1, batch / settings.n());
            ProblemVerifiers verifiers = new ProblemVerifiers(settings.answers());
            for (int from = 0; from < todo.size(); from += perChunk) {
                List<PromptExample> chunk = todo.subList(from, Math.min(todo.size(), from + perChunk));
                for (ProblemResult r : sample(rollout, chunk, settings, verifiers)) results.append(r);
                int done = problems.size() - todo.size() + from + chunk.size();
                progress.printf("eval: %d/%d problems, %s%n", done, problems.size(), runningAccuracy(results.results(), settings.n()));
            }
            List<ProblemResult> all = problems.stream().map(p -> results.get(p.id())).toList();
            return EvalReport.of(settings, all, (System.nanoTime() - started) * 1e-9);
        }
    }

    private List<ProblemResult> sample(Rollout rollout, List<PromptExample> chunk, EvalSettings settings, ProblemVerifiers verifiers) {
        int n = settings.n();
        List<String> prompts = new ArrayList<>();
        List<RolloutRequest> requests = new ArrayList<>();
        for (int p = 0; p < chunk.size(); p++) {
            String prompt = template.render(chunk.get(p).prompt(), true, templateVariables);
            int[] ids = tokenizer.encode(prompt, false); // the template writes the special tokens itself
            prompts.add(prompt);
            for (int j = 0; j < n; j++) requests.add(new RolloutRequest(ids, sampleSeed(settings.seed(), chunk.get(p).id(), j), p));
        }
        List<Trajectory> trajectories = rollout.run(requests);
        SampleResult[] samples = new SampleResult[trajectories.size()];
        IntStream.range(0, samples.length).parallel().forEach(i -> {
            PromptExample problem = chunk.get(i / n);
            Trajectory t = trajectories.get(i);
            ResponseText response = ResponseText.of(t, tokenizer);
            // Only the model's own words are judged: tool output and forced strings cannot answer for it.
            VerificationResult v = verifiers.apply(problem).verify(problem.groundTruth(), response.policyWords(), prompts.get(i / n));
            samples[i] = new SampleResult(response.full(), v.extractedPred(), v.equivalent(), t.responseIds().length, t.thinkingTokens(),
                    t.extensions(), t.toolCalls().size(), t.finishReason().apiName(), segments(t));
        });
        List<ProblemResult> out = new ArrayList<>();
        for (int p = 0; p < chunk.size(); p++) {
            PromptExample problem = chunk.get(p);
            out.add(ProblemResult.of(problem.id(), problem.dataSource(), problem.groundTruth(), List.of(samples).subList(p * n, (p + 1) * n)));
        }
        return out;
    }

    /**
     * The response in runs of sampled and inserted tokens ({@link Trajectory#runs}), each decoded on
     * its own with special tokens kept (a chat tool format's inserted turn is made of them); null
     * when the model sampled every token.
     */
    private List<TraceSegment> segments(Trajectory t) {
        List<Trajectory.Run> runs = t.runs();
        if (runs.stream().allMatch(Trajectory.Run::sampled)) return null;
        List<TraceSegment> out = new ArrayList<>();
        for (Trajectory.Run run : runs) out.add(new TraceSegment(tokenizer.decode(t.responseIds(), run.from(), run.to(), false), run.sampled()));
        return out;
    }

    /** Sample {@code j} of problem {@code id}: a seed that no chunking or resumption changes. */
    static long sampleSeed(long seed, String id, int j) {
        long h = seed;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) h = new SplitMix64(h ^ b).nextLong();
        return new SplitMix64(h + j).nextLong();
    }

    private static String runningAccuracy(List<ProblemResult> results, int n) {
        double sum = 0;
        for (ProblemResult r : results) sum += r.passRate();
        return String.format("avg@%d so far %.3f", n, results.isEmpty() ? 0 : sum / results.size());
    }
}
