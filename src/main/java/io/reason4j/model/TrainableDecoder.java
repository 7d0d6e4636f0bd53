package io.reason4j.model;

import io.reason4j.tensor.Bias;
import io.reason4j.tensor.Embedding;
import io.reason4j.tensor.Gemm;
import io.reason4j.tensor.LogSoftmax;
import io.reason4j.tensor.PackedAttention;
import io.reason4j.tensor.RmsNorm;
import io.reason4j.tensor.RotaryEmbedding;
import io.reason4j.tensor.SwiGlu;
import io.reason4j.tensor.WorkerPool;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The Llama / Qwen2 decoder for training: {@link #forward} over a {@link TokenBatch} keeps the
 * activations its backward pass needs, and {@link #backward} adds the gradient of a per-token loss
 * ({@link TokenLossGradient}) to a flat gradient array laid out like the parameters
 * ({@link ParameterLayout}). Gradients accumulate across calls until {@link #zeroGradients}, so
 * accumulating over micro-batches is just not zeroing in between.
 *
 * <p>Activations are in column layout, {@code x[feature * ld + token]}, as in {@link Decoder}: a
 * linear layer is {@code Y = W·X} with W read in place from the parameter array, its input
 * gradient {@code dX = Wᵀ·dY} and its weight gradient {@code dW += dY·Xᵀ} (both with an operand
 * read transposed where it lies). Every buffer is allocated once, for {@code maxTokens} tokens.
 *
 * <p>Work is split across {@link WorkerPool#shared()} in a few coarse phases rather than per
 * kernel, so that a step has tens of hand-offs, not hundreds (each costs little on an idle machine
 * but up to a scheduler time slice on a busy one): everything that is independent per token runs
 * on each thread's own range of token columns (attention by rows, which never share a document);
 * weight gradients, which sum over all tokens, run on each thread's own slice of the weights.
 *
 * <p>Not thread-safe: one step at a time.
 */
public final class TrainableDecoder {
    private final ParameterLayout layout;
    private final float[] parameters, gradients;
    private final MemorySegment parameterView;
    private final int maxTokens, ld, hidden, qDim, kvDim, headDim, heads, kvHeads, ffn, vocab;
    private final float eps;
    private final RotaryEmbedding rope;
    private final PackedAttention attention;
    private final LayerSlots[] slots;
    private final int embedding, finalNorm, lmHead, valueHead, valueBias;

    // Kept by forward for backward.
    private final float[][] residual;        // residual[l] = input of layer l; residual[layers] = input of the final norm
    private final LayerActivations[] kept;
    private final float[] finalInvRms, finalNormed, logProbs, entropy, valueRow, ropeCos, ropeSin;
    private TokenBatch batch;
    private boolean logProbsIntact;
    private float inverseTemperature = 1f;

    // Backward scratch, reused by every layer.
    private final float[] dResidual, dNormed, dQuery, dKey, dValue, dAttention, dGate, dUp, mlpHidden, tokenScratch;
    private float[] referenceColumns = new float[0];

    /** Offsets into the flat arrays of one layer's tensors; -1 for a bias the model does not have. */
    private record LayerSlots(int inputNorm, int q, int k, int v, int qBias, int kBias, int vBias, int o, int oBias,
                              int postNorm, int gate, int up, int down) {}

    /** What one layer's forward keeps for its backward. */
    private static final class LayerActivations {
        final float[] normed1, invRms1, q, k, v, attention, lse, middle, normed2, invRms2, gate, up;

        LayerActivations(ModelConfig c, int ld) {
            int h = c.hiddenSize(), f = c.intermediateSize();
            normed1 = new float[h * ld];
            invRms1 = new float[ld];
            q = new float[c.qDim() * ld];
            k = new float[c.kvDim() * ld];
            v = new float[c.kvDim() * ld];
            attention = new float[c.qDim() * ld];
            lse = new float[c.numHeads() * ld];
            middle = new float[h * ld];
            normed2 = new float[h * ld];
            invRms2 = new float[ld];
            gate = new float[f * ld];
            up = new float[f * ld];
        }
    }

    /**
     * @param parameters the flat parameter array of {@code layout} (used in place: an optimizer
     *     updating it is seen by the next forward)
     * @param maxTokens  the largest micro-batch (rows × length) this decoder will be given
     */
    public TrainableDecoder(ParameterLayout layout, float[] parameters, int maxTokens) {
        if (parameters.length != layout.size()) {
            throw new IllegalArgumentException("parameter array has " + parameters.length + " floats, the layout needs " + layout.size());
        }
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        this.layout = layout;
        this.parameters = parameters;
        this.gradients = new float[layout.size()];
        this.parameterView = MemorySegment.ofArray(parameters);
        ModelConfig c = layout.config();
        this.maxTokens = maxTokens;
        ld = Math.multiplyExact((maxTokens + 15) / 16, 16);
        hidden = c.hiddenSize();
        qDim = c.qDim();
        kvDim = c.kvDim();
        headDim = c.headDim();
        heads = c.numHeads();
        kvHeads = c.numKvHeads();
        ffn = c.intermediateSize();
        vocab = c.vocabSize();
        eps = (float) c.rmsNormEps();
        rope = new RotaryEmbedding(c.ropeInverseFrequencies());
        attention = new PackedAttention(heads, kvHeads, headDim);
        slots = new LayerSlots[c.numLayers()];
        for (int l = 0; l < slots.length; l++) {
            slots[l] = new LayerSlots(offset(l, "input_layernorm.weight"), offset(l, "self_attn.q_proj.weight"),
                    offset(l, "self_attn.k_proj.weight"), offset(l, "self_attn.v_proj.weight"), offset(l, "self_attn.q_proj.bias"),
                    offset(l, "self_attn.k_proj.bias"), offset(l, "self_attn.v_proj.bias"), offset(l, "self_attn.o_proj.weight"),
                    offset(l, "self_attn.o_proj.bias"), offset(l, "post_attention_layernorm.weight"), offset(l, "mlp.gate_proj.weight"),
                    offset(l, "mlp.up_proj.weight"), offset(l, "mlp.down_proj.weight"));
        }
        embedding = offset("model.embed_tokens.weight");
        finalNorm = offset("model.norm.weight");
        lmHead = c.tieWordEmbeddings() ? embedding : offset("lm_head.weight");
        valueHead = offset(WeightLayout.VALUE_HEAD);
        valueBias = offset(WeightLayout.VALUE_HEAD_BIAS);

        residual = new float[c.numLayers() + 1][hidden * ld];
        kept = new LayerActivations[c.numLayers()];
        for (int l = 0; l < kept.length; l++) kept[l] = new LayerActivations(c, ld);
        finalInvRms = new float[ld];
        finalNormed = new float[hidden * ld];
        logProbs = new float[Math.multiplyExact(vocab, ld)];
        entropy = new float[ld];
        valueRow = new float[ld];
        ropeCos = new float[headDim / 2 * ld];
        ropeSin = new float[headDim / 2 * ld];
        dResidual = new float[hidden * ld];
        dNormed = new float[hidden * ld];
        dQuery = new float[qDim * ld];
        dKey = new float[kvDim * ld];
        dValue = new float[kvDim * ld];
        dAttention = new float[qDim * ld];
        dGate = new float[ffn * ld];
        dUp = new float[ffn * ld];
        mlpHidden = new float[ffn * ld];
        tokenScratch = new float[ld];
    }

    private int offset(String name) {
        ParameterLayout.Slot s = layout.slot(name);
        return s == null ? -1 : s.offset();
    }

    private int offset(int layer, String suffix) {
        return offset(WeightLayout.layer(layer, suffix));
    }

    /**
     * Divides the logits by {@code temperature} before the log-softmax (and scales their gradient
     * alike), so that log-probs and entropies are those of the distribution a rollout sampled from at
     * that temperature; an RL ratio against the rollout's log-probs needs this (verl divides the
     * actor's logits by the rollout temperature too). Default 1.
     */
    public void setTemperature(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        inverseTemperature = (float) (1 / temperature);
    }

    public ParameterLayout layout() {
        return layout;
    }

    /** The parameters, in place (the array given to the constructor). */
    public float[] parameters() {
        return parameters;
    }

    /** The accumulated gradients, laid out like {@link #parameters()}. */
    public float[] gradients() {
        return gradients;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public void zeroGradients() {
        Arrays.fill(gradients, 0f);
    }

    // ------------------------------------------------------------------------------------------
    // the step: forward, then backward
    // ------------------------------------------------------------------------------------------

    /**
     * Runs the decoder over the batch and keeps what {@link #backward} needs. Each token attends to
     * its own document's earlier tokens only ({@link TokenBatch}).
     */
    public TokenOutputs forward(TokenBatch batch) {
        int n = batch.size();
        if (n > maxTokens) throw new IllegalArgumentException("the batch has " + n + " tokens, this decoder was built for at most " + maxTokens);
        for (int t = 0; t < n; t++) {
            if (batch.tokens()[t] < 0 || batch.tokens()[t] >= vocab || batch.targets()[t] >= vocab) {
                throw new IllegalArgumentException("token " + t + ": id " + batch.tokens()[t] + " or target " + batch.targets()[t]
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
        this.batch = batch;
        rope.columnTables(batch.positions(), n, ld, ropeCos, ropeSin);
        columns(n, (t0, t1) -> Embedding.forward(parameterView, embedding, batch.tokens(), t0, t1, hidden, residual[0], ld));
        for (int l = 0; l < slots.length; l++) layerForward(l, n);
        // x̂ = n(x); logits = W_lm·x̂, turned into log-probs in place, with each token's entropy; values = w_v·x̂ + b_v
        columns(n, (t0, t1) -> {
            RmsNorm.forward(residual[slots.length], finalNormed, hidden, t0, t1, ld, normWeight(finalNorm), eps, finalInvRms);
            linearForward(lmHead, -1, finalNormed, logProbs, vocab, hidden, t0, t1, false);
            scaleLogits(t0, t1);
            LogSoftmax.forwardColumns(logProbs, vocab, t0, t1, ld, entropy);
            if (valueHead >= 0) linearForward(valueHead, valueBias, finalNormed, valueRow, 1, hidden, t0, t1, false);
        });
        logProbsIntact = true;
        float[] targetLogProbs = new float[n];
        for (int t = 0; t < n; t++) {
            int y = batch.targets()[t];
            if (y >= 0) targetLogProbs[t] = logProbs[y * ld + t];
        }
        return new TokenOutputs(targetLogProbs, Arrays.copyOf(entropy, n), valueHead >= 0 ? Arrays.copyOf(valueRow, n) : null);
    }

    /**
     * KL(π_t ‖ π_ref,t) = Σ_v π_v (log π_v − log π_ref,v) for every token of the last forward's
     * batch, e.g. to log it; referenceLogProbs as in {@link TokenLossGradient}. Call between
     * {@link #forward} and {@link #backward} (which consumes the log-probs).
     */
    public float[] klDivergences(float[] referenceLogProbs) {
        if (batch == null || !logProbsIntact) throw new IllegalStateException("the KL needs the log-probs of a forward not yet consumed by backward");
        int n = batch.size();
        if (referenceLogProbs.length != (long) n * vocab) {
            throw new IllegalArgumentException("referenceLogProbs has " + referenceLogProbs.length + " floats, expected tokens × vocabulary = "
                    + n + " × " + vocab);
        }
        float[] kl = new float[n];
        for (int t = 0; t < n; t++) {
            double sum = 0;
            for (int v = 0; v < vocab; v++) {
                double logp = logProbs[v * ld + t];
                sum += Math.exp(logp) * (logp - referenceLogProbs[t * vocab + v]);
            }
            kl[t] = (float) sum;
        }
        return kl;
    }

    /**
     * Adds the gradient of the loss described by {@code loss} (one entry per token of the last
     * forward's batch) to {@link #gradients()}. Call once per forward: it consumes the kept
     * log-probs.
     */
    public void backward(TokenLossGradient loss) {
        if (batch == null || !logProbsIntact) throw new IllegalStateException("backward needs a forward first (and one backward per forward)");
        int n = batch.size();
        if (loss.size() != n) throw new IllegalArgumentException("the loss covers " + loss.size() + " tokens, the batch has " + n);
        for (int t = 0; t < n; t++) {
            if (batch.targets()[t] < 0 && loss.logProbCoefficients()[t] != 0f) {
                throw new IllegalArgumentException("token " + t + " has no target but a log-prob coefficient " + loss.logProbCoefficients()[t]);
            }
        }
        if (loss.valueGradients() != null && valueHead < 0) {
            throw new IllegalArgumentException("the loss has value gradients but the model has no value head (" + WeightLayout.VALUE_HEAD + ")");
        }
        float[] reference = loss.klCoefficients() == null ? null : referenceColumns(loss, n);
        float[] values = loss.valueGradients();
        // dz = dL/dlogits in place of the log-probs; dx̂ = W_lmᵀ·dz (+ w_vᵀ·dL/dV); through the final norm
        columns(n, (t0, t1) -> {
            LogSoftmax.backwardColumns(logProbs, vocab, t0, t1, ld, batch.targets(), loss.logProbCoefficients(), entropy,
                    loss.entropyCoefficients(), reference, loss.klCoefficients(), null);
            scaleLogits(t0, t1); // d(logits / T) / d logits = 1 / T
            linearInputGradient(lmHead, logProbs, dNormed, vocab, hidden, t0, t1, false);
            if (values != null) linearInputGradient(valueHead, values, dNormed, 1, hidden, t0, t1, true);
            for (int f = 0; f < hidden; f++) Arrays.fill(dResidual, f * ld + t0, f * ld + t1, 0f);
            RmsNorm.backwardInput(dNormed, residual[slots.length], finalInvRms, normWeight(finalNorm), dResidual, hidden, t0, t1, ld,
                    tokenScratch);
        });
        logProbsIntact = false;
        weights((part, parts) -> {
            weightGradient(lmHead, -1, finalNormed, logProbs, vocab, hidden, n, part, parts);
            if (values != null) weightGradient(valueHead, valueBias, finalNormed, values, 1, hidden, n, part, parts);
            normWeightGradient(finalNorm, dNormed, residual[slots.length], finalInvRms, n, part, parts);
        });
        for (int l = slots.length - 1; l >= 0; l--) layerBackward(l, n);
        weights((part, parts) -> Embedding.backward(dResidual, batch.tokens(), n, hidden, ld, gradients, embedding,
                WorkerPool.splitStart(hidden, part, parts, 16), WorkerPool.splitStart(hidden, part + 1, parts, 16)));
    }

    /** Multiplies the logit columns [t0, t1) (or their gradient) by 1 / temperature. */
    private void scaleLogits(int t0, int t1) {
        if (inverseTemperature == 1f) return;
        for (int v = 0; v < vocab; v++) for (int t = t0; t < t1; t++) logProbs[v * ld + t] *= inverseTemperature;
    }

    /** The reference log-probs of the tokens with a KL coefficient, from [token][vocab] into column layout. */
    private float[] referenceColumns(TokenLossGradient loss, int n) {
        float[] ref = loss.referenceLogProbs(), k = loss.klCoefficients();
        if (ref.length != (long) n * vocab) {
            throw new IllegalArgumentException("referenceLogProbs has " + ref.length + " floats, expected tokens × vocabulary = " + n + " × " + vocab);
        }
        if (referenceColumns.length < logProbs.length) referenceColumns = new float[logProbs.length];
        for (int t = 0; t < n; t++) {
            if (k[t] == 0f) continue;
            for (int v = 0; v < vocab; v++) referenceColumns[v * ld + t] = ref[t * vocab + v];
        }
        return referenceColumns;
    }

    // ------------------------------------------------------------------------------------------
    // the layers, each forward beside its backward
    // ------------------------------------------------------------------------------------------

    /**
     * x → x + Wo·attention(rope(Wq·n(x) + bq), rope(Wk·n(x) + bk), Wv·n(x) + bv) (+ bo) → middle;
     * middle → middle + Wdown·(silu(Wgate·n(middle)) ⊙ Wup·n(middle)). n is RMSNorm.
     */
    private void layerForward(int l, int n) {
        LayerSlots w = slots[l];
        LayerActivations a = kept[l];
        float[] x = residual[l], out = residual[l + 1];
        columns(n, (t0, t1) -> {
            RmsNorm.forward(x, a.normed1, hidden, t0, t1, ld, normWeight(w.inputNorm), eps, a.invRms1);
            linearForward(w.q, w.qBias, a.normed1, a.q, qDim, hidden, t0, t1, false);
            linearForward(w.k, w.kBias, a.normed1, a.k, kvDim, hidden, t0, t1, false);
            linearForward(w.v, w.vBias, a.normed1, a.v, kvDim, hidden, t0, t1, false);
            RotaryEmbedding.rotateForward(a.q, heads, headDim, t0, t1, ld, ropeCos, ropeSin);
            RotaryEmbedding.rotateForward(a.k, kvHeads, headDim, t0, t1, ld, ropeCos, ropeSin);
        });
        attention.forward(a.q, a.k, a.v, a.attention, a.lse, batch.positions(), batch.rows(), batch.length(), ld);
        columns(n, (t0, t1) -> {
            copyColumns(x, a.middle, hidden, t0, t1);
            linearForward(w.o, w.oBias, a.attention, a.middle, hidden, qDim, t0, t1, true);
            RmsNorm.forward(a.middle, a.normed2, hidden, t0, t1, ld, normWeight(w.postNorm), eps, a.invRms2);
            linearForward(w.gate, -1, a.normed2, a.gate, ffn, hidden, t0, t1, false);
            linearForward(w.up, -1, a.normed2, a.up, ffn, hidden, t0, t1, false);
            for (int r = 0; r < ffn; r++) SwiGlu.forward(a.gate, a.up, mlpHidden, r * ld + t0, r * ld + t1);
            copyColumns(a.middle, out, hidden, t0, t1);
            linearForward(w.down, -1, mlpHidden, out, hidden, ffn, t0, t1, true);
        });
    }

    /** dResidual holds dL/d(output of layer l) on entry and dL/d(input of layer l) on return. */
    private void layerBackward(int l, int n) {
        LayerSlots w = slots[l];
        LayerActivations a = kept[l];
        // MLP block; h = silu(gate) ⊙ up is recomputed (by the SwiGLU backward) rather than kept
        columns(n, (t0, t1) -> {
            linearInputGradient(w.down, dResidual, dGate, hidden, ffn, t0, t1, false);
            for (int r = 0; r < ffn; r++) SwiGlu.backward(a.gate, a.up, dGate, dGate, dUp, mlpHidden, r * ld + t0, r * ld + t1);
        });
        weights((part, parts) -> {
            weightGradient(w.down, -1, mlpHidden, dResidual, hidden, ffn, n, part, parts);
            weightGradient(w.gate, -1, a.normed2, dGate, ffn, hidden, n, part, parts);
            weightGradient(w.up, -1, a.normed2, dUp, ffn, hidden, n, part, parts);
        });
        columns(n, (t0, t1) -> {
            linearInputGradient(w.gate, dGate, dNormed, ffn, hidden, t0, t1, false);
            linearInputGradient(w.up, dUp, dNormed, ffn, hidden, t0, t1, true);
            RmsNorm.backwardInput(dNormed, a.middle, a.invRms2, normWeight(w.postNorm), dResidual, hidden, t0, t1, ld, tokenScratch);
            linearInputGradient(w.o, dResidual, dAttention, hidden, qDim, t0, t1, false);
        });
        // attention block
        weights((part, parts) -> {
            normWeightGradient(w.postNorm, dNormed, a.middle, a.invRms2, n, part, parts);
            weightGradient(w.o, w.oBias, a.attention, dResidual, hidden, qDim, n, part, parts);
        });
        attention.backward(dAttention, a.q, a.k, a.v, a.attention, a.lse, dQuery, dKey, dValue, batch.positions(), batch.rows(),
                batch.length(), ld);
        columns(n, (t0, t1) -> {
            RotaryEmbedding.rotateBackward(dQuery, heads, headDim, t0, t1, ld, ropeCos, ropeSin);
            RotaryEmbedding.rotateBackward(dKey, kvHeads, headDim, t0, t1, ld, ropeCos, ropeSin);
            linearInputGradient(w.q, dQuery, dNormed, qDim, hidden, t0, t1, false);
            linearInputGradient(w.k, dKey, dNormed, kvDim, hidden, t0, t1, true);
            linearInputGradient(w.v, dValue, dNormed, kvDim, hidden, t0, t1, true);
            RmsNorm.backwardInput(dNormed, residual[l], a.invRms1, normWeight(w.inputNorm), dResidual, hidden, t0, t1, ld, tokenScratch);
        });
        weights((part, parts) -> {
            weightGradient(w.q, w.qBias, a.normed1, dQuery, qDim, hidden, n, part, parts);
            weightGradient(w.k, w.kBias, a.normed1, dKey, kvDim, hidden, n, part, parts);
            weightGradient(w.v, w.vBias, a.normed1, dValue, kvDim, hidden, n, part, parts);
            normWeightGradient(w.inputNorm, dNormed, residual[l], a.invRms1, n, part, parts);
        });
    }

    /** y[:, t0:t1] (+)= W·x[:, t0:t1] + b; W (out, in) and b at their offsets in the parameters (b = -1: none). */
    private void linearForward(int w, int b, float[] x, float[] y, int out, int in, int t0, int t1, boolean accumulate) {
        Gemm.multiplyOnThisThread(Gemm.Transpose.NONE, parameterView, w, in, x, t0, ld, y, t0, ld, out, t1 - t0, in, accumulate);
        if (b >= 0) Bias.forward(parameterView, b, y, out, t0, t1, ld);
    }

    /** Backward of {@link #linearForward} to its input: dx[:, t0:t1] (+)= Wᵀ·dy[:, t0:t1], W read transposed where it lies. */
    private void linearInputGradient(int w, float[] dy, float[] dx, int out, int in, int t0, int t1, boolean accumulate) {
        Gemm.multiplyOnThisThread(Gemm.Transpose.A, parameterView, w, in, dy, t0, ld, dx, t0, ld, in, t1 - t0, out, accumulate);
    }

    /**
     * Backward of {@link #linearForward} to its parameters, this thread's share: dW += dy·xᵀ for
     * its slice of W's columns (x read transposed where it lies), db += Σ_t dy for its slice of b.
     */
    private void weightGradient(int w, int b, float[] x, float[] dy, int out, int in, int n, int part, int parts) {
        int j0 = WorkerPool.splitStart(in, part, parts, Gemm.NR), j1 = WorkerPool.splitStart(in, part + 1, parts, Gemm.NR);
        Gemm.multiplyOnThisThread(Gemm.Transpose.B, MemorySegment.ofArray(dy), 0, ld, x, j0 * ld, ld, gradients, w + j0, in,
                out, j1 - j0, n, true);
        if (b >= 0) Bias.backward(dy, WorkerPool.splitStart(out, part, parts, 1), WorkerPool.splitStart(out, part + 1, parts, 1), n, ld, gradients, b);
    }

    /** This thread's share of an RMSNorm weight's gradient (its slice of the features). */
    private void normWeightGradient(int weight, float[] dy, float[] x, float[] invRms, int n, int part, int parts) {
        RmsNorm.backwardWeight(dy, x, invRms, gradients, weight, WorkerPool.splitStart(hidden, part, parts, 1),
                WorkerPool.splitStart(hidden, part + 1, parts, 1), n, ld);
    }

    // ------------------------------------------------------------------------------------------
    // parallel phases
    // ------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface ColumnRange {
        void run(int t0, int t1);
    }

    /** Runs {@code task} on each thread's range of the n token columns (whole vectors). */
    private static void columns(int n, ColumnRange task) {
        WorkerPool pool = WorkerPool.shared();
        pool.run(pool.threads(), (part, parts) -> task.run(WorkerPool.splitStart(n, part, parts, 16),
                WorkerPool.splitStart(n, part + 1, parts, 16)));
    }

    /** Runs {@code task} as one part per thread; each part takes its own slice of every weight it updates. */
    private static void weights(WorkerPool.Task task) {
        WorkerPool pool = WorkerPool.shared();
        pool.run(pool.threads(), task);
    }

    // ------------------------------------------------------------------------------------------
    // helpers
    // ------------------------------------------------------------------------------------------

    private MemorySegment normWeight(int offset) {
        return parameterView.asSlice(4L * offset, 4L * hidden);
    }

    private void copyColumns(float[] from, float[] to, int rows, int t0, int t1) {
        for (int r = 0; r < rows; r++) System.arraycopy(from, r * ld + t0, to, r * ld + t0, t1 - t0);
    }
}
