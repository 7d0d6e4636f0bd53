package io.reason4j.recipe;

import io.reason4j.data.BatchLayout;
import io.reason4j.data.HeldOut;
import io.reason4j.data.PromptDataset;
import io.reason4j.data.PromptExample;
import io.reason4j.data.PromptSplit;
import io.reason4j.data.task.ColdStartBuilder;
import io.reason4j.data.task.ColdStartSet;
import io.reason4j.data.task.ProblemSplit;
import io.reason4j.data.task.ReasoningTask;
import io.reason4j.data.task.TaskProblem;
import io.reason4j.data.task.Tasks;
import io.reason4j.data.task.TraceStyle;
import io.reason4j.model.Architecture;
import io.reason4j.model.DType;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.SafetensorsReader;
import io.reason4j.model.SafetensorsWriter;
import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.MathVerifier;
import io.reason4j.reward.VerifierSettings;
import io.reason4j.rl.ConfigValueException;
import io.reason4j.rl.RewardTermConfig;
import io.reason4j.rl.RlRunOptions;
import io.reason4j.rl.RlTrainer;
import io.reason4j.rl.SamplingConfig;
import io.reason4j.rl.TermReward;
import io.reason4j.rollout.InlineToolFormat;
import io.reason4j.sft.SftOptions;
import io.reason4j.sft.SftTrainer;
import io.reason4j.text.CharacterTokenizerFiles;
import io.reason4j.tool.PythonTool;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.reason4j.model.ParameterLayout;

/**
 * The main job (ReTool in miniature): problems from a built-in task → a tiny model made from scratch
 * → cold-start SFT on verified traces with real interpreter output → RL (with the interpreter when
 * the configuration says so) → held-out evaluation before and after RL → {@code summary.json}.
 * Each phase leaves its result in the run directory, and a run started again in the same directory
 * continues where it stopped (finished phases are kept, RL resumes from its checkpoint).
 *
 * <p>Layout of the run directory: {@code base/} (the initial model), {@code cold_start.jsonl},
 * {@code sft/} (SFT run, its {@code model/}), {@code rl/} (RL run: {@code metrics.jsonl},
 * checkpoints, the final {@code model/}), {@code summary.json}.
 */
public final class TrainingRecipe {
    public static final String SUMMARY_FILE = "summary.json";

    private final RecipeConfig c;
    private final Path runDir;
    private final boolean resume;
    private final PrintStream out;

    public TrainingRecipe(RecipeConfig config, Path runDir, boolean resume, PrintStream out) {
        this.c = config;
        this.runDir = runDir;
        this.resume = resume;
        this.out = out;
    }

    public RecipeSummary run() {
        checkInputFiles();
        boolean created = !Files.exists(runDir);
        try {
            return runIn();
        } catch (RuntimeException e) {
            // a run that stopped before writing anything leaves no empty directory behind
            if (created) deleteIfEmpty(runDir);
            throw e;
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) Files.delete(dir);
        } catch (IOException e) {
            // not there, or not empty: nothing to tidy
        }
    }

    private RecipeSummary runIn() {
        long started = System.nanoTime();
        boolean fromFile = c.task().name().equals("file");
        String traces = c.coldStartTraces();
        ReasoningTask task = fromFile ? null : Tasks.create(c.task().name(), new LinkedHashMap<>(c.task().options()));
        List<PromptExample> train, eval;
        List<TaskProblem> trainProblems = List.of();
        if (fromFile) {
            PromptDataset all = PromptDataset.read(Path.of(c.task().trainFile()));
            if (c.task().evalFile().isEmpty()) {
                PromptSplit split = all.split(HeldOut.count(c.task().evalProblems()), c.task().seed());
                train = split.train().examples();
                eval = split.eval().examples();
            } else {
                train = all.examples();
                eval = PromptDataset.read(Path.of(c.task().evalFile())).examples();
            }
            out.printf("problems from %s: %d for training, %d held out%n", c.task().trainFile(), train.size(), eval.size());
        } else {
            ProblemSplit split = ProblemSplit.of(task, c.task().trainProblems(), c.task().evalProblems(), c.task().seed());
            trainProblems = split.train();
            train = split.train().stream().map(TaskProblem::toPromptExample).toList();
            eval = split.eval().stream().map(TaskProblem::toPromptExample).toList();
            out.printf("task %s %s: %d training problems, %d held out, e.g. \"%s\"%n", task.name(), task.options().values(),
                    train.size(), eval.size(), split.train().getFirst().question());
        }
        try {
            Files.createDirectories(runDir); // once the problems are read: a bad task file leaves nothing behind
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + runDir + ": " + e.getMessage(), e);
        }
        boolean needsSandbox = c.tools() || traces.equals("code");
        try (PythonTool sandbox = needsSandbox ? c.rl().sandbox().open(List.of("math")) : null) {
            Path model = c.model().fromScratch() ? tinyModel(runDir.resolve("base")) : Path.of(c.model().path());
            long sftStart = System.nanoTime();
            if (!traces.equals("none")) model = coldStart(task, trainProblems, traces, model, sandbox);
            double sftSeconds = (System.nanoTime() - sftStart) * 1e-9;

            long rlStart = System.nanoTime();
            VerifierSettings answers = c.rl().reward().verifier();
            AnswerVerifier verifier = fromFile ? MathVerifier.of(answers) : task.verifier(answers);
            RlTrainer.Result rl;
            try (TermReward reward = TermReward.of(p -> verifier, c.rl())) {
                rl = new RlTrainer(new RlRunOptions(model, runDir.resolve("rl"), c.rl(), train, eval, reward, c.tools() ? sandbox : null,
                        resume, out)).run();
            }
            double rlSeconds = (System.nanoTime() - rlStart) * 1e-9;

            RecipeSummary summary = RecipeSummary.of(c, traces, rl, sftSeconds, rlSeconds, (System.nanoTime() - started) * 1e-9, runDir);
            summary.write(runDir.resolve(SUMMARY_FILE));
            return summary;
        }
    }

    /**
     * The files the recipe reads that it does not make itself (the starting model, the task's files,
     * a judge's model, SFT data outside the run directory) must exist before anything starts, so a typo does not surface after the cold
     * start. Paths inside the run directory are the recipe's own products (its base model, its traces).
     */
    private void checkInputFiles() {
        Path run = runDir.toAbsolutePath().normalize();
        List<InputFile> paths = new ArrayList<>();
        List<RewardTermConfig> terms = c.rl().reward().terms();
        for (int i = 0; i < terms.size(); i++) {
            Object model = terms.get(i).options().get("model");
            if (terms.get(i).name().equals("judge") && model instanceof String dir && !dir.isEmpty()) {
                paths.add(new InputFile("reward.terms[" + i + "].options.model", dir));
            }
        }
        if (!c.rl().training().sftData().isEmpty()) paths.add(new InputFile("training.sft_data", c.rl().training().sftData()));
        if (!c.model().fromScratch()) paths.add(new InputFile("model.path", c.model().path()));
        if (c.task().name().equals("file")) {
            paths.add(new InputFile("task.train_file", c.task().trainFile()));
            if (!c.task().evalFile().isEmpty()) paths.add(new InputFile("task.eval_file", c.task().evalFile()));
        }
        for (InputFile p : paths) {
            Path file = Path.of(p.path()).toAbsolutePath().normalize();
            if (!file.startsWith(run) && !Files.exists(file)) {
                throw ConfigValueException.named(p.key(), "is " + p.path() + ", which does not exist");
            }
        }
    }

    /** A file a key names. */
    private record InputFile(String key, String path) {}

    /** A tiny Qwen2-style model with the character-level tokenizer, made from scratch (kept if the directory has one). */
    private Path tinyModel(Path dir) {
        if (Files.isRegularFile(dir.resolve(SafetensorsReader.SINGLE_FILE)) && Files.isRegularFile(dir.resolve("tokenizer.json"))) return dir;
        ModelSection m = c.model();
        int vocab = CharacterTokenizerFiles.vocabSize();
        ModelConfig config = new ModelConfig(Architecture.QWEN2, vocab, m.hidden(), m.layers(), m.heads(), m.kvHeads(), m.hidden() / m.heads(),
                m.intermediate(), 1e-6, 10_000.0, null, true, true, 1024, null, List.of());
        try {
            Path tmp = Files.createTempDirectory(runDir, ".base-");
            try (Arena arena = Arena.ofConfined()) {
                SafetensorsWriter.write(tmp.resolve(SafetensorsReader.SINGLE_FILE),
                        DecoderWeights.initialize(config, false, m.seed(), 0.02, arena).tensors(), DType.F32, Map.of("format", "pt"));
            }
            config.write(tmp.resolve(ModelConfig.FILE_NAME), DType.F32);
            CharacterTokenizerFiles.write(tmp);
            Files.move(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial model to " + dir + ": " + e.getMessage(), e);
        }
        long parameters = ParameterLayout.of(config, false).size();
        out.printf("made a tiny model from scratch: %,d parameters (hidden %d, %d layers, vocabulary %d) in %s%n", parameters, m.hidden(),
                m.layers(), vocab, dir);
        return dir;
    }

    /** Verified traces of the first training problems, then SFT on them; returns the fine-tuned model. */
    private Path coldStart(ReasoningTask task, List<TaskProblem> problems, String traces, Path base, PythonTool sandbox) {
        Path sftDir = runDir.resolve("sft"), trained = sftDir.resolve(SftTrainer.MODEL_DIR);
        if (Files.isRegularFile(trained.resolve(ModelConfig.FILE_NAME))) {
            out.printf("cold start: reusing the fine-tuned model in %s%n", trained);
            return trained;
        }
        Path data = runDir.resolve("cold_start.jsonl");
        ColdStartSection cs = c.coldStart();
        if (!Files.isRegularFile(data)) {
            List<TaskProblem> chosen = problems.subList(0, Math.min(problems.size(), cs.examples()));
            TraceStyle style = traces.equals("code") ? TraceStyle.code(cs.codeProbability(), c.task().seed()) : TraceStyle.TEXT_ONLY;
            // the traces are written as the RL rollouts will write calls and results, under the same limits
            SamplingConfig sc = c.rl().sampling();
            InlineToolFormat format = sc.toolFormat().equals("fenced") ? InlineToolFormat.FENCED : InlineToolFormat.XML;
            ColdStartSet set = new ColdStartBuilder(sandbox, format, sc.maxOutputChars(), sc.maxToolCalls(), ColdStartBuilder.DEFAULT_CONCURRENCY)
                    .build(task, chosen, style, c.rl().reward().verifier());
            out.println("cold start: " + set.report().summary());
            set.write(data);
        }
        SftOptions d = SftOptions.defaults(base, data, sftDir);
        SftOptions options = new SftOptions(base, data, sftDir, null, 0, cs.epochs(), 0, cs.rows(), cs.maxLength(), BatchLayout.PACKED, 1, cs.lr(),
                "cosine", 0.05, 0.1, 0.0, d.beta1(), d.beta2(), d.adamEps(), 1.0, 50, 0, 1_000_000, 1, c.task().seed(), resume,
                c.rl().tracking().tensorboard());
        out.printf("cold start: SFT on %s traces in %s%n", traces.equals("code") ? "code-integrated" : "text-only", data);
        return new SftTrainer(options, out).run().modelDir();
    }
}
