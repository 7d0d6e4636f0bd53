package io.reason4j.sft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.data.BatchLayout;
import io.reason4j.data.HeldOut;
import io.reason4j.data.SftBatchOptions;
import io.reason4j.data.SftBatchStream;
import io.reason4j.data.SftBatches;
import io.reason4j.data.SftCursor;
import io.reason4j.data.SftDataset;
import io.reason4j.data.SftEpoch;
import io.reason4j.data.SftReadOptions;
import io.reason4j.data.SftSplit;
import io.reason4j.model.AdamW;
import io.reason4j.model.CheckpointStore;
import io.reason4j.model.CrossEntropyLoss;
import io.reason4j.model.DType;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.GradientClipping;
import io.reason4j.model.LearningRateSchedule;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.ModelExport;
import io.reason4j.model.ModelFormatException;
import io.reason4j.model.ParameterLayout;
import io.reason4j.model.SafetensorsReader;
import io.reason4j.model.SplitMix64;
import io.reason4j.model.TokenBatch;
import io.reason4j.model.TokenOutputs;
import io.reason4j.model.TrainableDecoder;
import io.reason4j.model.TrainingCheckpoint;
import io.reason4j.text.Tokenizer;
import io.reason4j.track.MetricsLog;
import io.reason4j.track.ProgressLine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Supervised fine-tuning: next-token cross-entropy on the tokens the data marks as the model's
 * (completions, assistant turns, not tool output), AdamW with a learning-rate schedule, global-norm
 * clipping, gradient accumulation, periodic evaluation on held-out data, and atomic checkpoints
 * from which a killed run resumes exactly where it was (same data order, same losses).
 */
public final class SftTrainer {
    /** Name of the trained model inside checkpoints. */
    static final String POLICY = "policy";
    public static final String METRICS_FILE = "metrics.jsonl";
    public static final String MODEL_DIR = "model";

    /** What a finished run reports. */
    public record Result(long steps, long resumedFrom, double lastTrainLoss, Double lastEvalLoss, Path modelDir) {}

    private final SftOptions o;
    private final PrintStream progress;

    public SftTrainer(SftOptions options, PrintStream progress) {
        this.o = options;
        this.progress = progress;
    }

    public Result run() {
        ModelConfig config = ModelConfig.read(o.model().resolve(ModelConfig.FILE_NAME));
        Tokenizer tokenizer = Files.isRegularFile(o.model().resolve("tokenizer.json")) ? Tokenizer.load(o.model()) : null;
        try {
            return train(config, tokenizer);
        } finally {
            if (tokenizer != null) tokenizer.close();
        }
    }

    private Result train(ModelConfig config, Tokenizer tokenizer) {
        SftReadOptions readOptions = SftReadOptions.DEFAULTS.withVocabSize(config.vocabSize());
        SftDataset train = SftDataset.read(o.data(), tokenizer, readOptions), eval = null;
        report(train);
        if (o.evalData() != null) {
            eval = SftDataset.read(o.evalData(), tokenizer, readOptions);
            report(eval);
        } else if (o.evalFraction() > 0) {
            SftSplit split = train.split(HeldOut.fraction(o.evalFraction()), o.seed());
            train = split.train();
            eval = split.eval();
        }
        SftBatches batches = train.batches(new SftBatchOptions(o.rows(), o.maxLength(), o.layout(), 1, true, o.seed()));
        batches.warnings().forEach(w -> progress.println("warning: " + w));
        long totalSteps = o.maxSteps() > 0 ? o.maxSteps()
                : Math.ceilDiv((long) o.epochs() * batches.batchesPerEpoch(), o.accumulation());
        // transformers: warm-up steps = ceil(ratio × total steps)
        long warmup = (long) Math.ceil(o.warmupRatio() * totalSteps);
        LearningRateSchedule schedule = LearningRateSchedule.named(o.schedule(), o.lr(), warmup, totalSteps, o.minLrRatio());
        AdamW.Options adam = new AdamW.Options(o.beta1(), o.beta2(), o.adamEps(), o.weightDecay(), false);

        ParameterLayout layout = ParameterLayout.of(config, false);
        CheckpointStore store = new CheckpointStore(o.out(), o.keepLast());
        Optional<TrainingCheckpoint> resumed = o.resume() ? store.loadLatest() : Optional.empty();
        State state = resumed.map(c -> State.of(c, layout, o.out())).orElseGet(() -> State.fresh(o.model(), config, layout, adam, o.seed()));
        if (state.step >= totalSteps) {
            progress.printf("the newest checkpoint in %s is at step %d of %d: nothing left to train%n", o.out(), state.step, totalSteps);
        } else if (resumed.isPresent()) {
            progress.printf("resuming from step %d (%s) in %s%n", state.step, state.cursor, o.out());
        }
        progress.printf("training on %s: %d examples, %d batches of %dx%d per epoch, %d steps%n", o.data(),
                batches.examples(), batches.batchesPerEpoch(), o.rows(), o.maxLength(), totalSteps);

        TrainableDecoder decoder = new TrainableDecoder(layout, state.parameters, Math.multiplyExact(o.rows(), o.maxLength()));
        SftBatchStream stream = batches.stream(state.cursor);
        SftBatches evalBatches = eval == null ? null
                : eval.batches(new SftBatchOptions(o.rows(), o.maxLength(), BatchLayout.PADDED, 1, false, o.seed()));
        ProgressLine line = new ProgressLine(state.step, totalSteps);
        double lastLoss = Double.NaN;
        Double lastEval = null;
        long windowTokens = 0, windowStart = System.nanoTime();
        try (MetricsLog metrics = MetricsLog.resume(o.out().resolve(METRICS_FILE), state.step, o.tensorBoard())) {
            while (state.step < totalSteps) {
                List<TokenBatch> micro = new ArrayList<>();
                double trained = 0;
                for (int i = 0; i < o.accumulation(); i++) {
                    TokenBatch b = stream.next();
                    micro.add(b);
                    trained += b.maskSum();
                }
                decoder.zeroGradients();
                double loss = 0;
                for (TokenBatch b : micro) {
                    TokenOutputs outputs = decoder.forward(b);
                    // Normalised by the whole step's trained tokens, so accumulation equals one large batch.
                    CrossEntropyLoss ce = CrossEntropyLoss.of(b, outputs, trained);
                    decoder.backward(ce.gradient());
                    loss += ce.loss();
                    windowTokens += b.size();
                }
                double gradNorm = o.maxGradNorm() > 0
                        ? GradientClipping.clipByGlobalNorm(layout, decoder.gradients(), o.maxGradNorm())
                        : GradientClipping.globalNorm(decoder.gradients());
                double lr = schedule.lr(state.optimizer.steps());
                state.optimizer.step(state.parameters, decoder.gradients(), lr);
                state.step++;
                state.windowLoss += loss;
                state.windowSteps++;
                state.cursor = stream.cursor();

                boolean last = state.step == totalSteps;
                if (state.step % o.logEvery() == 0 || last) {
                    Double evalLoss = null;
                    if (evalBatches != null && (last || (o.evalEvery() > 0 && state.step % o.evalEvery() == 0))) {
                        evalLoss = lastEval = evaluate(decoder, evalBatches);
                    }
                    double seconds = (System.nanoTime() - windowStart) * 1e-9, tokensPerSecond = windowTokens / seconds;
                    lastLoss = state.windowLoss / state.windowSteps;
                    ObjectNode r = MetricsLog.record(state.step);
                    r.put("train/loss", lastLoss);
                    r.put("train/learning_rate", lr);
                    r.put("train/grad_norm", gradNorm);
                    r.put("train/epoch", state.cursor.epoch() + (double) state.cursor.batch() / batches.batchesPerEpoch());
                    r.put("train/tokens_per_s", tokensPerSecond);
                    if (evalLoss != null) r.put("eval/loss", evalLoss);
                    metrics.write(r);
                    progress.println(line.format(state.step, lastLoss, lr, gradNorm, tokensPerSecond, evalLoss));
                    state.windowLoss = 0;
                    state.windowSteps = 0;
                    windowTokens = 0;
                    windowStart = System.nanoTime();
                }
                if (state.step % o.saveEvery() == 0 || last) store.save(state.checkpoint(layout));
            }
        }
        Path modelDir = o.out().resolve(MODEL_DIR);
        ModelExport.write(modelDir, layout, state.parameters, o.model(), DType.F32);
        progress.printf("saved the trained model to %s%n", modelDir);
        return new Result(state.step, resumed.map(TrainingCheckpoint::globalStep).orElse(0L), lastLoss, lastEval, modelDir);
    }

    /** Mean negative log-likelihood per trained token over the whole evaluation set. */
    static double evaluate(TrainableDecoder decoder, SftBatches batches) {
        SftEpoch epoch = batches.epoch(0);
        double sum = 0, tokens = 0;
        for (int i = 0; i < epoch.size(); i++) {
            TokenBatch b = epoch.batch(i);
            // Normaliser 1: the batch's summed negative log-likelihood, averaged over all batches below.
            sum += CrossEntropyLoss.of(b, decoder.forward(b), 1).loss();
            tokens += b.maskSum();
        }
        return tokens == 0 ? Double.NaN : sum / tokens;
    }

    private void report(SftDataset d) {
        progress.println(d.report().summary());
        d.report().warnings().forEach(w -> progress.println("warning: " + w));
    }

    /** What a checkpoint carries for SFT: weights, optimizer, step, data cursor and the open logging window. */
    private static final class State {
        float[] parameters;
        AdamW optimizer;
        long step;
        long rngState;
        SftCursor cursor = SftCursor.START;
        double windowLoss;
        int windowSteps;

        static State fresh(Path modelDir, ModelConfig config, ParameterLayout layout, AdamW.Options adam, long seed) {
            State s = new State();
            try (SafetensorsReader reader = SafetensorsReader.open(modelDir)) {
                s.parameters = layout.copyOf(DecoderWeights.load(config, reader));
            }
            s.optimizer = new AdamW(layout, adam);
            s.rngState = new SplitMix64(seed).state();
            return s;
        }

        static State of(TrainingCheckpoint c, ParameterLayout layout, Path runDir) {
            TrainingCheckpoint.Model m = c.model(POLICY);
            if (!m.layout().config().equals(layout.config()) || m.optimizer() == null) {
                throw new ModelFormatException("the checkpoint at step " + c.globalStep() + " in " + runDir
                        + " belongs to a different model or run; use another --out directory or --no-resume");
            }
            State s = new State();
            s.parameters = m.parameters();
            s.optimizer = m.optimizer();
            s.step = c.globalStep();
            s.rngState = c.rngState();
            JsonNode t = c.trainerState();
            s.cursor = new SftCursor(t.path("cursor").path("epoch").asInt(), t.path("cursor").path("batch").asInt());
            s.windowLoss = t.path("window_loss").asDouble();
            s.windowSteps = t.path("window_steps").asInt();
            return s;
        }

        TrainingCheckpoint checkpoint(ParameterLayout layout) {
            ObjectNode t = JsonNodeFactory.instance.objectNode();
            t.putObject("cursor").put("epoch", cursor.epoch()).put("batch", cursor.batch());
            t.put("window_loss", windowLoss);
            t.put("window_steps", windowSteps);
            return new TrainingCheckpoint(step, rngState, t, List.of(new TrainingCheckpoint.Model(POLICY, layout, parameters, optimizer)));
        }
    }
}
