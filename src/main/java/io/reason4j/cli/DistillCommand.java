package io.reason4j.cli;

import io.reason4j.data.NGramIndex;
import io.reason4j.data.PromptDataset;
import io.reason4j.data.PromptExample;
import io.reason4j.data.task.ProblemSplit;
import io.reason4j.data.task.ReasoningTask;
import io.reason4j.data.task.TaskProblem;
import io.reason4j.distill.DistillOptions;
import io.reason4j.distill.DistillReport;
import io.reason4j.distill.Distillation;
import io.reason4j.distill.PlainTraceFormat;
import io.reason4j.distill.TraceChoice;
import io.reason4j.engine.SamplingParams;
import io.reason4j.eval.EvalMetrics;
import io.reason4j.eval.EvalPreset;
import io.reason4j.eval.EvalSettings;
import io.reason4j.eval.Evaluation;
import io.reason4j.reward.VerifierSettings;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.text.ChatTemplate;
import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.SandboxConfig;
import io.reason4j.tool.Tool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reason4j distill}: verified teacher traces as an SFT dataset (Open R1). */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Distil a teacher into an SFT dataset, as Open R1 does: drop repeated problems and problems that share an n-gram"
                + " with evaluation sets, sample n traces per problem from the teacher (tools and budget forcing as in training;"
                + " resumable in --work), keep verified-correct traces that ended, drop identical ones, keep --max-per-problem per"
                + " problem, and write them as SFT JSONL (segments where interpreter output is masked). See docs/distillation.md.")
final class DistillCommand implements Callable<Integer> {
    private static final EvalPreset R1 = EvalPreset.named("r1");

    /**
     * Where the traces come from. {@code --endpoint URL --tokenizer DIR} (the remote OpenAI-compatible
     * engine, {@code io.reason4j.engine.remote}) becomes a second member of this group, opened in
     * {@link #openTeacher}.
     */
    static final class TeacherSource {
        @Option(names = "--teacher", required = true, description = "the teacher: a model directory (run by the local engine)") Path dir;
        @Option(names = "--endpoint", required = true, description = "the teacher on OpenAI-compatible servers, URL[,URL...] (vLLM, SGLang,"
                + " reason4j serve; with --tokenizer; docs/serving.md)") String endpoint;
    }

    static final class Problems {
        @Option(names = "--data", required = true, description = "problems: JSONL or Parquet in verl's schema (docs/data-formats.md)") Path data;
        @Option(names = "--task", required = true, description = "training problems of a built-in task (not its held-out ones)") String task;
    }

    enum Prefer { first, shortest }

    enum PlainFormat { messages, completion }

    @ArgGroup(multiplicity = "1") TeacherSource teacher;
    @ArgGroup(multiplicity = "1") Problems problems;
    @Option(names = "--task-option", description = "a built-in task's option, key=value (repeatable), e.g. digits=3") Map<String, String> taskOptions = new LinkedHashMap<>();
    @Option(names = "--problems", description = "distil the first N problems (a task: N training problems, default 1000)") Integer limit;
    @Option(names = "--task-seed", defaultValue = "0", description = "with --task: the seed problems are made from, as in reason4j train (default ${DEFAULT-VALUE})") long taskSeed;
    @Option(names = "--n", defaultValue = "4", description = "traces sampled per problem (default ${DEFAULT-VALUE})") int n;
    @Option(names = "--temperature", defaultValue = "0.6", description = "sampling temperature (default ${DEFAULT-VALUE}, DeepSeek-R1's)") double temperature;
    @Option(names = "--top-p", defaultValue = "0.95", description = "nucleus sampling (default ${DEFAULT-VALUE}, DeepSeek-R1's)") double topP;
    @Option(names = "--top-k", defaultValue = "0", description = "0 = off (default ${DEFAULT-VALUE})") int topK;
    @Option(names = "--max-tokens", description = "response length limit, tool output included (default 32768, Open R1's)") Integer maxTokens;
    @Option(names = "--seed", defaultValue = "0", description = "trace j of a problem is drawn from (seed, problem id, j) (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--batch", defaultValue = "64", description = "sequences decoded together (default ${DEFAULT-VALUE})") int batch;
    @Option(names = "--decontaminate", paramLabel = "EVAL", description = "an evaluation set to decontaminate against (repeatable): a problem file"
            + " (JSONL or Parquet, as --data) or task:NAME (a built-in task's " + ProblemSources.TASK_HELD_OUT + " held-out problems)") List<String> decontaminate = new ArrayList<>();
    @Option(names = "--ngram", defaultValue = "" + NGramIndex.DEFAULT_N, description = "a problem sharing a word n-gram with an evaluation problem is dropped (default ${DEFAULT-VALUE}, Open R1's)") int ngram;
    @Option(names = "--max-per-problem", defaultValue = "1", description = "correct traces kept per problem at most (default ${DEFAULT-VALUE})") int maxPerProblem;
    @Option(names = "--prefer", defaultValue = "first", description = "which traces a problem keeps when it has more: first (as drawn, the teacher's"
            + " own lengths) or shortest (Kimi k1.5's shortest rejection sampling) (default ${DEFAULT-VALUE})") Prefer prefer;
    @Option(names = "--plain-format", defaultValue = "messages", description = "traces without tool output: messages (chat) or completion"
            + " (prompt messages + the response text as written) (default ${DEFAULT-VALUE})") PlainFormat plainFormat;
    @Option(names = "--out", required = true, description = "the SFT dataset to write (.jsonl); its report goes beside it (.report.json)") Path out;
    @Option(names = "--work", description = "the teacher's samples, resumable (default runs/distill-<teacher>-<problems>)") Path work;
    @Option(names = "--no-resume", description = "sample again instead of continuing the samples in --work") boolean noResume;
    @Mixin RolloutFlags rollout = new RolloutFlags();
    @Mixin RemoteFlags remote = new RemoteFlags();
    @Mixin AnswerFlags answers = new AnswerFlags();

    /** The engine that writes the traces, with its tokenizer and stop tokens; closing it closes what it opened. */
    @Override
    public Integer call() throws Exception {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
            throw new UserInputException("--out: the SFT dataset is JSON lines; name it .jsonl, got " + out);
        }
        if (n < 1) throw new UserInputException("--n must be at least 1, got " + n);
        VerifierSettings judged = answers.settings();
        if (temperature == 0 && n > 1) System.err.println("distill: warning: greedy decoding (temperature 0) gives " + n + " identical traces");
        DistillOptions options = new DistillOptions(maxPerProblem, prefer == Prefer.shortest ? TraceChoice.SHORTEST : TraceChoice.FIRST,
                plainFormat == PlainFormat.completion ? PlainTraceFormat.COMPLETION : PlainTraceFormat.MESSAGES);
        boolean python = rollout.wantsPython();
        List<PromptExample> set = problems();
        NGramIndex evaluationSets = evaluationSets();
        int length = maxTokens != null ? maxTokens : R1.maxTokens();
        String dataName = problems.task != null ? problems.task : OpenedEngine.stem(problems.data);

        try (OpenedEngine t = openTeacher(); Tool tool = python ? PythonSandbox.start(SandboxConfig.DEFAULTS) : null) {
            Path dir = work != null ? work : Path.of("runs", "distill-" + t.shortName() + "-" + dataName);
            ChatTemplate template = t.tokenizer().chatTemplate().orElseThrow(() -> new UserInputException(
                    "distill renders problems with the teacher's chat template, and the tokenizer of " + t.name() + " has none (chat_template in tokenizer_config.json)"));
            Map<String, Object> variables = rollout.promptVariables(tool);
            SamplingParams sampling = new SamplingParams(temperature, topP, topK, length, 0, t.stopTokenIds(), List.of());
            RolloutOptions rolloutOptions = rollout.options(sampling, length, template, tool);
            String data = problems.task != null ? "task:" + problems.task + taskOptions + (taskSeed != 0 ? " seed " + taskSeed : "")
                    : problems.data.toAbsolutePath().normalize().toString();
            EvalSettings settings = new EvalSettings(t.name(), data, n, EvalMetrics.defaultKs(n), rolloutOptions, tool != null, seed, judged);
            Evaluation evaluation = new Evaluation(t.engine(), t.tokenizer(), template, variables, tool, batch, System.out);
            DistillReport report = new Distillation(evaluation, variables, System.out).run(set, settings, evaluationSets, options, dir, !noResume, out);
            System.out.print(report.table());
            if (report.examplesWritten() == 0) {
                throw new UserInputException("no problem has a verified-correct trace that ended, so nothing was written to " + out
                        + "; the teacher's samples are in " + dir.resolve("results.jsonl"));
            }
            System.out.println("wrote " + out + " and " + DistillReport.pathFor(out));
            return 0;
        }
    }

    private OpenedEngine openTeacher() {
        return teacher.dir != null ? OpenedEngine.local(teacher.dir, "distill needs one to read and write traces")
                : OpenedEngine.remote(teacher.endpoint, remote);
    }

    private List<PromptExample> problems() throws IOException {
        if (problems.data != null) return ProblemSources.fromFile(problems.data, taskOptions, limit);
        ProblemSources.checkLimit(limit);
        return ProblemSplit.of(task(problems.task), limit == null ? 1000 : limit, ProblemSources.TASK_HELD_OUT, taskSeed).train().stream()
                .map(TaskProblem::toPromptExample).toList();
    }

    /** A built-in task: the one distilled with its --task-option, any other with its defaults. */
    private ReasoningTask task(String name) throws IOException {
        return ProblemSources.task(name, name.equals(problems.task) ? taskOptions : Map.of());
    }

    private NGramIndex evaluationSets() throws IOException {
        NGramIndex index = new NGramIndex(ngram);
        for (String spec : decontaminate) {
            if (spec.startsWith("task:")) {
                String name = spec.substring("task:".length());
                long seedOfSplit = name.equals(problems.task) ? taskSeed : 0;
                for (TaskProblem p : ProblemSplit.of(task(name), 0, ProblemSources.TASK_HELD_OUT, seedOfSplit).eval()) index.add(spec, p.id(), p.question());
            } else {
                Path file = Path.of(spec);
                for (PromptExample p : PromptDataset.read(file).examples()) index.add(file.getFileName().toString(), p.id(), p.problemText());
            }
        }
        return index;
    }
}
