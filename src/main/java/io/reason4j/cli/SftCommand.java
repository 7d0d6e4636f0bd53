package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.data.BatchLayout;
import io.reason4j.sft.SftOptions;
import io.reason4j.sft.SftTrainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reason4j sft}: supervised fine-tuning on chat or prompt/completion JSONL. */
@Command(name = "sft", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Supervised fine-tuning: cross-entropy on the tokens the data marks as the model's (completions,"
                + " assistant turns; never tool output). Formats: docs/data-formats.md.",
                "Checkpoints go to --out/checkpoint-<step>; rerunning the same command resumes from the newest one."
                + " The trained model is written to --out/model as a Hugging Face directory."})
final class SftCommand implements Callable<Integer> {
    enum Layout { packed, padded }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", required = true, description = "Hugging Face model directory to start from") Path model;
    @Option(names = "--data", required = true, description = "training JSONL") Path data;
    @Option(names = "--out", required = true, description = "run directory (checkpoints, metrics.jsonl, model/)") Path out;
    @Option(names = "--eval-data", description = "held-out JSONL (default: --eval-fraction of --data)") Path evalData;
    @Option(names = "--eval-fraction", defaultValue = "0", description = "fraction of --data held out for evaluation (default ${DEFAULT-VALUE})") double evalFraction;
    @Option(names = "--epochs", defaultValue = "3", description = "passes over the data (default ${DEFAULT-VALUE})") int epochs;
    @Option(names = "--max-steps", defaultValue = "0", description = "optimizer steps; overrides --epochs when > 0") long maxSteps;
    @Option(names = "--batch-rows", defaultValue = "8", description = "sequences per micro-batch (default ${DEFAULT-VALUE})") int rows;
    @Option(names = "--max-length", defaultValue = "1024", description = "tokens per sequence; longer examples are truncated (default ${DEFAULT-VALUE})") int maxLength;
    @Option(names = "--layout", defaultValue = "padded", description = "packed (several examples per row) or padded (default ${DEFAULT-VALUE})") Layout layout;
    @Option(names = "--grad-accum", defaultValue = "1", description = "micro-batches per optimizer step (default ${DEFAULT-VALUE})") int accumulation;
    @Option(names = "--lr", defaultValue = "2e-5", description = "peak learning rate (default ${DEFAULT-VALUE})") double lr;
    @Option(names = "--schedule", defaultValue = "linear", description = "constant, constant_with_warmup, linear or cosine (default ${DEFAULT-VALUE})") String schedule;
    @Option(names = "--warmup-ratio", defaultValue = "0", description = "fraction of steps warming up (default ${DEFAULT-VALUE})") double warmupRatio;
    @Option(names = "--min-lr-ratio", defaultValue = "0", description = "cosine floor as a fraction of --lr (default ${DEFAULT-VALUE})") double minLrRatio;
    @Option(names = "--weight-decay", defaultValue = "0", description = "AdamW decoupled weight decay (default ${DEFAULT-VALUE})") double weightDecay;
    @Option(names = "--adam-beta1", defaultValue = "0.9", description = "(default ${DEFAULT-VALUE})") double beta1;
    @Option(names = "--adam-beta2", defaultValue = "0.999", description = "(default ${DEFAULT-VALUE})") double beta2;
    @Option(names = "--adam-eps", defaultValue = "1e-8", description = "(default ${DEFAULT-VALUE})") double adamEps;
    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "global-norm clipping, 0 = off (default ${DEFAULT-VALUE})") double maxGradNorm;
    @Option(names = "--log-every", defaultValue = "10", description = "steps between progress lines (default ${DEFAULT-VALUE})") int logEvery;
    @Option(names = "--eval-every", defaultValue = "0", description = "steps between evaluations; 0 = at the end (default ${DEFAULT-VALUE})") int evalEvery;
    @Option(names = "--save-every", defaultValue = "500", description = "steps between checkpoints (default ${DEFAULT-VALUE})") int saveEvery;
    @Option(names = "--keep-last", defaultValue = "2", description = "checkpoints kept (default ${DEFAULT-VALUE})") int keepLast;
    @Option(names = "--seed", defaultValue = "42", description = "data order (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--no-resume", description = "start afresh even if --out holds checkpoints") boolean noResume;
    @Option(names = "--tensorboard", description = "also write TensorBoard events files into --out (tensorboard --logdir DIR)") boolean tensorBoard;

    @Override
    public Integer call() throws Exception {
        OutputDirectory.check(out, "--out");
        SftTrainer.Result r = new SftTrainer(options(), System.err).run();
        ObjectNode summary = JSON.createObjectNode().put("steps", r.steps()).put("resumed_from", r.resumedFrom());
        putFinite(summary, "train_loss", r.lastTrainLoss());
        putFinite(summary, "eval_loss", r.lastEvalLoss() == null ? Double.NaN : r.lastEvalLoss());
        summary.put("model", r.modelDir().toString());
        System.out.println(JSON.writeValueAsString(summary));
        return 0;
    }

    /** The options as given on the command line (a test checks that the defaults agree with {@link SftOptions#defaults}). */
    SftOptions options() {
        return new SftOptions(model, data, out, evalData, evalFraction, epochs, maxSteps, rows, maxLength,
                layout == Layout.packed ? BatchLayout.PACKED : BatchLayout.PADDED, accumulation, lr,
                schedule.toLowerCase(Locale.ROOT), warmupRatio, minLrRatio, weightDecay, beta1, beta2, adamEps, maxGradNorm,
                logEvery, evalEvery, saveEvery, keepLast, seed, !noResume, tensorBoard);
    }

    /** JSON has no NaN: a loss that was never measured is null. */
    private static void putFinite(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.putNull(key);
    }
}
