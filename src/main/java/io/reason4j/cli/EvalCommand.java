package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.data.PromptExample;
import io.reason4j.data.task.ProblemSplit;
import io.reason4j.data.task.ReasoningTask;
import io.reason4j.data.task.TaskProblem;
import io.reason4j.engine.SamplingParams;
import io.reason4j.eval.BudgetSweep;
import io.reason4j.eval.EvalMetrics;
import io.reason4j.eval.EvalPreset;
import io.reason4j.eval.EvalReport;
import io.reason4j.eval.EvalSettings;
import io.reason4j.eval.Evaluation;
import io.reason4j.rollout.BudgetForcing;
import io.reason4j.reward.VerifierSettings;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.Tokenizer;
import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.SandboxConfig;
import io.reason4j.tool.Tool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reason4j eval}: avg@n, pass@k and maj@k of a model on a problem set, and s1 budget sweeps. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on problems: n samples each, judged by the verifier; reports avg@n, unbiased pass@k and"
                + " maj@k with standard errors, saves per-problem results (results.jsonl) and summary.json, and resumes an"
                + " interrupted run. With --budgets, an s1 budget-forcing sweep (control, scaling, performance). See docs/evaluation.md.")
final class EvalCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final class Problems {
        @Option(names = "--data", required = true, description = "problems: JSONL or Parquet in verl's schema (docs/data-formats.md)") Path data;
        @Option(names = "--task", required = true, description = "problems of a built-in task (the held-out ones reason4j train uses)") String task;
    }

    static final class ModelSource {
        @Option(names = "--model", required = true, description = "model directory (run by the local engine)") Path dir;
        @Option(names = "--endpoint", required = true, description = "OpenAI-compatible servers, URL[,URL...] (vLLM, SGLang, reason4j serve;"
                + " with --tokenizer; docs/serving.md)") String endpoint;
    }

    @ArgGroup(multiplicity = "1") ModelSource model;
    @Mixin RemoteFlags remote = new RemoteFlags();
    @ArgGroup(multiplicity = "1") Problems problems;
    @Option(names = "--task-option", description = "a built-in task's option, key=value (repeatable), e.g. digits=3") Map<String, String> taskOptions = new LinkedHashMap<>();
    @Option(names = "--problems", description = "evaluate the first N problems (a task: N held-out problems, default 200)") Integer limit;
    @Option(names = "--task-seed", defaultValue = "0", description = "with --task: the seed problems are held out from, as in reason4j train (default ${DEFAULT-VALUE})") long taskSeed;
    @Option(names = "--preset", description = "reported settings: aime-avg32 (n 32, T 1.0, top-p 0.7, 16384 tokens; DAPO/VAPO/ReTool) or r1 (n 64, T 0.6, top-p 0.95, 32768 tokens; DeepSeek-R1/Open R1)") String preset;
    @Option(names = "--n", description = "samples per problem (default 1, or the preset's)") Integer n;
    @Option(names = "--k", split = ",", description = "the k of pass@k and maj@k, each ≤ n (default 1, 2, 4, … and n)") List<Integer> ks;
    @Option(names = "--temperature", description = "0 = greedy (default 0, or the preset's)") Double temperature;
    @Option(names = "--top-p", description = "nucleus sampling (default 1, or the preset's)") Double topP;
    @Option(names = "--top-k", defaultValue = "0", description = "0 = off (default ${DEFAULT-VALUE})") int topK;
    @Option(names = "--max-tokens", description = "response length limit, tool output included (default 1024, or the preset's)") Integer maxTokens;
    @Option(names = "--seed", defaultValue = "0", description = "samples are drawn from (seed, problem id, sample index) (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--budgets", split = ",", description = "s1 sweep: maximum thinking tokens to evaluate, e.g. 256,512,1024 (0 = no maximum);"
            + " with --num-extend 0,2,4 every pair is evaluated") List<Integer> budgets;
    @Option(names = "--batch", defaultValue = "64", description = "sequences decoded together (default ${DEFAULT-VALUE})") int batch;
    @Option(names = "--out", description = "output directory (default runs/eval-<model>-<problems>)") Path out;
    @Option(names = "--no-resume", description = "start over instead of continuing the results in --out") boolean noResume;
    @Option(names = "--system", description = "a system message for every problem (replaces the problem's own)") String system;
    @Mixin RolloutFlags rollout = new RolloutFlags();
    @Mixin AnswerFlags answers = new AnswerFlags();

    @Override
    public Integer call() throws Exception {
        if (out != null) OutputDirectory.check(out, "--out");
        EvalPreset p = preset == null ? null : EvalPreset.named(preset);
        VerifierSettings judged = answers.settings();
        int samples = n != null ? n : p != null ? p.n() : 1;
        double t = temperature != null ? temperature : p != null ? p.temperature() : 0.0;
        double nucleus = topP != null ? topP : p != null ? p.topP() : 1.0;
        int length = maxTokens != null ? maxTokens : p != null ? p.maxTokens() : 1024;
        if (samples > 1 && t == 0) System.err.println("eval: warning: greedy decoding (temperature 0) gives " + samples + " identical samples; pass --temperature");
        if (budgets != null && rollout.maxThinking > 0) throw new UserInputException("--budgets sets the maximum thinking tokens; drop --max-thinking-tokens");
        if (budgets == null && rollout.numExtend != null && rollout.numExtend.size() > 1) {
            throw new UserInputException("--num-extend takes a list only with --budgets, got " + rollout.numExtend);
        }
        boolean python = rollout.wantsPython();
        List<PromptExample> set = system == null ? problems() : problems().stream().map(e -> e.withSystem(system)).toList();
        String dataName = problems.task != null ? problems.task : OpenedEngine.stem(problems.data);
        try (OpenedEngine m = model.dir != null ? OpenedEngine.local(model.dir, "eval needs one to read answers")
                : OpenedEngine.remote(model.endpoint, remote);
             Tool tool = python ? PythonSandbox.start(SandboxConfig.DEFAULTS) : null) {
            Path dir = out != null ? out : Path.of("runs", "eval-" + m.shortName() + "-" + dataName + (budgets != null ? "-sweep" : ""));
            Tokenizer tokenizer = m.tokenizer();
            ChatTemplate template = tokenizer.chatTemplate().orElseThrow(() -> new UserInputException(
                    "eval renders problems with the chat template, and the tokenizer of " + m.name() + " has none (chat_template in tokenizer_config.json)"));
            Map<String, Object> variables = rollout.promptVariables(tool);
            SamplingParams sampling = new SamplingParams(t, nucleus, topK, length, 0, m.stopTokenIds(), List.of());
            RolloutOptions options = rollout.options(sampling, length, template, tool, budgets != null ? BudgetForcing.NONE : rollout.budget());
            // Absolute paths, so that the same evaluation resumes from any working directory.
            String source = problems.task != null ? "task:" + problems.task + taskOptions + " seed " + taskSeed
                    : problems.data.toAbsolutePath().normalize().toString();
            if (system != null) source += " with system message " + JSON.writeValueAsString(system);
            EvalSettings settings = new EvalSettings(m.name(), source, samples, ks != null ? ks : EvalMetrics.defaultKs(samples), options,
                    tool != null, seed, judged);
            Evaluation evaluation = new Evaluation(m.engine(), tokenizer, template, variables, tool, batch, System.out);
            System.out.printf("eval: %s on %d problems (%s), %d samples each, into %s%n", m.name(), set.size(), dataName, samples, dir);
            if (budgets != null) {
                List<Integer> extensionCounts = rollout.numExtend != null ? rollout.numExtend : List.of(0);
                BudgetSweep.Result r = BudgetSweep.run(evaluation, set, settings, rollout.sweepShared(), budgets, extensionCounts, dir, !noResume, System.out);
                System.out.print(r.table());
                System.out.println("wrote " + dir.resolve(BudgetSweep.FILE));
            } else {
                EvalReport r = evaluation.run(set, settings, dir, !noResume);
                r.write(dir);
                System.out.print(r.table());
                System.out.println("wrote " + dir.resolve(EvalReport.SUMMARY) + " and " + dir.resolve("results.jsonl"));
            }
            return 0;
        }
    }

    private List<PromptExample> problems() throws IOException {
        if (problems.data != null) return ProblemSources.fromFile(problems.data, taskOptions, limit);
        ProblemSources.checkLimit(limit);
        ReasoningTask task = ProblemSources.task(problems.task, taskOptions);
        return ProblemSplit.of(task, 0, limit == null ? ProblemSources.TASK_HELD_OUT : limit, taskSeed).eval().stream()
                .map(TaskProblem::toPromptExample).toList();
    }
}
