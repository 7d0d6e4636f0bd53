package io.reason4j.sft;

import io.reason4j.data.BatchLayout;
import java.nio.file.Path;

/**
 * Everything an SFT run is configured by. Defaults follow TRL's {@code SFTConfig} (itself
 * transformers' {@code TrainingArguments}) unless noted; {@link #defaults} writes them all down.
 *
 * @param model            Hugging Face model directory to start from (config.json, safetensors, tokenizer)
 * @param data             training JSONL (docs/data-formats.md)
 * @param out              run directory: checkpoints ({@code checkpoint-<step>}), {@code metrics.jsonl}, and the
 *                         final model as a plain HF directory in {@code model/}
 * @param evalData         held-out JSONL, or null to hold out {@code evalFraction} of {@code data}
 * @param evalFraction     fraction of the training file held out for evaluation when there is no eval file;
 *                         0 = no evaluation. Default 0
 * @param epochs           passes over the training data. Default 3 (TRL)
 * @param maxSteps         optimizer steps; when > 0 it overrides {@code epochs}. Default 0
 * @param rows             sequences (rows) per micro-batch. Default 8 (TRL's per_device_train_batch_size)
 * @param maxLength        tokens per row; longer examples are truncated. Default 1024 (TRL)
 * @param layout           PACKED (several examples per row, no cross-attention) or PADDED. Default PADDED (TRL packing=False)
 * @param accumulation     micro-batches per optimizer step; the loss is normalised by the step's total
 *                         trained tokens, so N micro-batches give the same update as one N× batch. Default 1
 * @param lr               peak learning rate. Default 2e-5 (TRL); tiny models from scratch want ~1e-3
 * @param schedule         constant, constant_with_warmup, linear or cosine. Default linear (transformers)
 * @param warmupRatio      fraction of the steps spent warming up linearly. Default 0
 * @param minLrRatio       cosine's floor as a fraction of lr. Default 0
 * @param weightDecay      AdamW's decoupled decay on matrices and embeddings (not norms or biases). Default 0 (transformers)
 * @param beta1            AdamW β1. Default 0.9
 * @param beta2            AdamW β2. Default 0.999
 * @param adamEps          AdamW ε. Default 1e-8
 * @param maxGradNorm      clip the global gradient norm to this; 0 = no clipping. Default 1.0
 * @param logEvery         steps between progress lines and metrics records. Default 10 (TRL logging_steps)
 * @param evalEvery        steps between evaluations (and at the end); 0 = only at the end. Default 0
 * @param saveEvery        steps between checkpoints (and at the end). Default 500 (transformers save_steps)
 * @param keepLast         checkpoints kept in {@code out}. Default 2
 * @param seed             data order and any sampling. Default 42 (transformers)
 * @param resume           continue from the newest complete checkpoint in {@code out} when there is one
 *                         (verl's resume_mode=auto). Default true
 * @param tensorBoard      also write the metrics as TensorBoard events files in {@code out} (docs/reports.md). Default false
 */
public record SftOptions(Path model, Path data, Path out, Path evalData, double evalFraction, int epochs, long maxSteps,
                         int rows, int maxLength, BatchLayout layout, int accumulation, double lr, String schedule,
                         double warmupRatio, double minLrRatio, double weightDecay, double beta1, double beta2,
                         double adamEps, double maxGradNorm, int logEvery, int evalEvery, int saveEvery, int keepLast,
                         long seed, boolean resume, boolean tensorBoard) {

    public SftOptions {
        require(model != null && data != null && out != null, "model, data and out are required");
        require(evalFraction >= 0 && evalFraction < 1, "eval fraction must be in [0, 1), got " + evalFraction);
        require(epochs >= 1 || maxSteps > 0, "epochs must be at least 1 (or give max steps), got " + epochs);
        require(maxSteps >= 0, "max steps must be >= 0, got " + maxSteps);
        require(rows >= 1, "rows must be at least 1, got " + rows);
        require(maxLength >= 2, "max length must be at least 2, got " + maxLength);
        require(accumulation >= 1, "gradient accumulation must be at least 1, got " + accumulation);
        require(lr > 0, "learning rate must be positive, got " + lr);
        require(warmupRatio >= 0 && warmupRatio < 1, "warm-up ratio must be in [0, 1), got " + warmupRatio);
        require(maxGradNorm >= 0, "max grad norm must be >= 0, got " + maxGradNorm);
        require(logEvery >= 1, "log every must be at least 1, got " + logEvery);
        require(evalEvery >= 0, "eval every must be >= 0, got " + evalEvery);
        require(saveEvery >= 1, "save every must be at least 1, got " + saveEvery);
        require(keepLast >= 1, "keep last must be at least 1, got " + keepLast);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** The defaults listed above for a model, a training file and a run directory. */
    public static SftOptions defaults(Path model, Path data, Path out) {
        return new SftOptions(model, data, out, null, 0, 3, 0, 8, 1024, BatchLayout.PADDED, 1, 2e-5, "linear", 0, 0, 0,
                0.9, 0.999, 1e-8, 1.0, 10, 0, 500, 2, 42, true, false);
    }
}
