package io.reason4j.model;

import io.reason4j.tensor.Attention;
import io.reason4j.tensor.Gemm;
import io.reason4j.tensor.RmsNorm;
import io.reason4j.tensor.RotaryEmbedding;
import io.reason4j.tensor.SwiGlu;
import io.reason4j.tensor.WorkerPool;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The Llama / Qwen2 decoder's forward pass over a batch of tokens, each belonging to some sequence
 * (a {@link KvCache} slot) at some position. Prefill is many tokens of one slot; decoding is one
 * token of many slots; both are the same call.
 *
 * <p>Activations are kept in column layout, {@code x[feature * ld + token]}: a linear layer is then
 * {@code Y = W · X} with the weight W (out × in, as Hugging Face stores it) as the left operand, read
 * in place from its memory-mapped file, and the small activation matrix as the packed right operand.
 *
 * <p>Not thread-safe: one forward at a time per instance (scratch buffers are reused).
 */
public final class Decoder {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final ModelConfig config;
    private final DecoderWeights weights;
    private final RotaryEmbedding rope;
    private final int hidden, qDim, kvDim, headDim, heads, kvHeads, ffn, vocab;
    private final float eps, scale;
    private Scratch scratch;

    public Decoder(DecoderWeights weights) {
        this.config = weights.config();
        this.weights = weights;
        ModelConfig c = config;
        hidden = c.hiddenSize();
        qDim = c.qDim();
        kvDim = c.kvDim();
        headDim = c.headDim();
        heads = c.numHeads();
        kvHeads = c.numKvHeads();
        ffn = c.intermediateSize();
        vocab = c.vocabSize();
        eps = (float) c.rmsNormEps();
        scale = (float) (1.0 / Math.sqrt(headDim));
        rope = new RotaryEmbedding(c.ropeInverseFrequencies());
    }

    public ModelConfig config() {
        return config;
    }

    public DecoderWeights weights() {
        return weights;
    }

    public boolean hasValueHead() {
        return weights.valueHead() != null;
    }

    /** Activation buffers for one call, grown when a larger batch comes and then reused. */
    private static final class Scratch {
        final int ld;
        final float[] x, xn, q, k, v, att, gate, up, invRms, qRows, attRows, scores, selected;
        float[] logitCols = new float[0];

        Scratch(ModelConfig c, int ld, int maxLength) {
            this.ld = ld;
            int h = c.hiddenSize(), q = c.qDim(), kv = c.kvDim(), f = c.intermediateSize();
            x = new float[h * ld];
            xn = new float[h * ld];
            this.q = new float[q * ld];
            k = new float[kv * ld];
            v = new float[kv * ld];
            att = new float[q * ld];
            gate = new float[f * ld];
            up = new float[f * ld];
            invRms = new float[ld];
            qRows = new float[q * ld];
            attRows = new float[q * ld];
            scores = new float[maxLength];
            selected = new float[h * ld];
        }
    }

    /**
     * Runs the decoder on {@code count} tokens. Token t is {@code tokens[t]} of the sequence in
     * {@code slots[t]} at {@code positions[t]}; its key and value are written to the cache there and
     * it attends to that slot's positions 0..positions[t]. Tokens of one slot must come in the
     * order of their positions, and every earlier position must already be cached or in this call.
     *
     * @param wantLogits which tokens need output (null: all); logits of the i-th wanted token go to
     *     {@code logits[i * vocab ...]} and its value-head output to {@code values[i]}
     * @param logits receives (number wanted) × vocab floats, or null
     * @param values receives one value per wanted token, or null (requires a value head)
     */
    public void forward(int[] tokens, int[] slots, int[] positions, int count, KvCache cache,
                        boolean[] wantLogits, float[] logits, float[] values) {
        if (count == 0) return;
        int ld = (count + 15) & ~15;
        int maxLength = 0;
        for (int t = 0; t < count; t++) {
            if (tokens[t] < 0 || tokens[t] >= vocab) {
                throw new IllegalArgumentException("token id " + tokens[t] + " at index " + t
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
            if (positions[t] > cache.length(slots[t]) && !earlierInBatch(slots, positions, t)) {
                throw new IllegalArgumentException("position " + positions[t] + " of slot " + slots[t]
                        + " leaves a gap: only " + cache.length(slots[t]) + " positions are cached");
            }
            maxLength = Math.max(maxLength, positions[t] + 1);
        }
        if (scratch == null || scratch.ld < ld || scratch.scores.length < maxLength) {
            int oldLd = scratch == null ? 0 : scratch.ld, oldLen = scratch == null ? 0 : scratch.scores.length;
            scratch = new Scratch(config, Math.max(ld, oldLd), Attention.paddedLength(Math.max(2 * maxLength, oldLen)));
        }
        Scratch s = scratch;
        int sld = s.ld;
        for (int t = 0; t < count; t++) cache.extend(slots[t], positions[t] + 1);
        embed(tokens, count, s.x, sld);
        for (int l = 0; l < config.numLayers(); l++) {
            layer(l, weights.layer(l), slots, positions, count, cache, s, sld);
        }
        RmsNorm.forward(s.x, s.xn, hidden, count, sld, weights.finalNorm(), eps, s.invRms);
        output(s, count, sld, wantLogits, logits, values);
    }

    private static boolean earlierInBatch(int[] slots, int[] positions, int t) {
        for (int u = 0; u < t; u++) if (slots[u] == slots[t] && positions[u] == positions[t] - 1) return true;
        return false;
    }

    /** x[:, t] = embedding row of tokens[t]. */
    private void embed(int[] tokens, int count, float[] x, int ld) {
        MemorySegment e = weights.embedding();
        for (int t = 0; t < count; t++) {
            long row = (long) tokens[t] * hidden;
            for (int f = 0; f < hidden; f++) x[f * ld + t] = e.getAtIndex(F, row + f);
        }
    }

    private void layer(int l, DecoderWeights.Layer w, int[] slots, int[] positions, int count, KvCache cache,
                       Scratch s, int ld) {
        // Attention block: x += Wo · attention(rope(Wq·n(x) + bq), rope(Wk·n(x) + bk), Wv·n(x) + bv)
        RmsNorm.forward(s.x, s.xn, hidden, count, ld, w.inputNorm(), eps, s.invRms);
        linear(w.wq(), w.bq(), s.xn, hidden, s.q, qDim, count, ld, false);
        linear(w.wk(), w.bk(), s.xn, hidden, s.k, kvDim, count, ld, false);
        linear(w.wv(), w.bv(), s.xn, hidden, s.v, kvDim, count, ld, false);
        rope.apply(s.q, heads, count, ld, positions);
        rope.apply(s.k, kvHeads, count, ld, positions);
        for (int t = 0; t < count; t++) {
            float[] kc = cache.keys(l, slots[t]), vc = cache.values(l, slots[t]);
            int capacity = cache.capacity(slots[t]), pos = positions[t], base = pos * kvDim;
            for (int f = 0; f < kvDim; f++) {
                kc[f * capacity + pos] = s.k[f * ld + t];
                vc[base + f] = s.v[f * ld + t];
            }
        }
        attention(l, slots, positions, count, cache, s, ld);
        linear(w.wo(), w.bo(), s.att, qDim, s.x, hidden, count, ld, true);
        // MLP block: x += Wdown · (silu(Wgate·n(x)) ⊙ Wup·n(x))
        RmsNorm.forward(s.x, s.xn, hidden, count, ld, w.postNorm(), eps, s.invRms);
        linear(w.gate(), null, s.xn, hidden, s.gate, ffn, count, ld, false);
        linear(w.up(), null, s.xn, hidden, s.up, ffn, count, ld, false);
        SwiGlu.forward(s.gate, s.up, s.gate, ffn * ld);
        linear(w.down(), null, s.gate, ffn, s.x, hidden, count, ld, true);
    }

    /** out (outDim × ld) (+)= W (outDim × inDim) · in (inDim × ld), plus a bias per row. */
    private static void linear(MemorySegment w, MemorySegment bias, float[] in, int inDim, float[] out, int outDim,
                               int count, int ld, boolean accumulate) {
        Gemm.multiply(w, 0, inDim, in, 0, ld, out, 0, ld, outDim, count, inDim, accumulate);
        if (bias != null) {
            for (int f = 0; f < outDim; f++) {
                float b = bias.getAtIndex(F, f);
                int row = f * ld;
                for (int t = 0; t < count; t++) out[row + t] += b;
            }
        }
    }

    private void attention(int l, int[] slots, int[] positions, int count, KvCache cache, Scratch s, int ld) {
        // Queries to row layout so each head's query is contiguous.
        for (int f = 0; f < qDim; f++) {
            int row = f * ld;
            for (int t = 0; t < count; t++) s.qRows[t * qDim + f] = s.q[row + t];
        }
        int group = heads / kvHeads;
        int maxLen = s.scores.length;
        WorkerPool.shared().run(count * heads >= 8 ? 2 : 1, (part, parts) -> {
            int t0 = WorkerPool.splitStart(count, part, parts, 1), t1 = WorkerPool.splitStart(count, part + 1, parts, 1);
            float[] scores = part == 0 ? s.scores : threadScores(maxLen);
            for (int t = t0; t < t1; t++) {
                float[] kc = cache.keys(l, slots[t]), vc = cache.values(l, slots[t]);
                int capacity = cache.capacity(slots[t]);
                for (int h = 0; h < heads; h++) {
                    int g = h / group;
                    Attention.attend(s.qRows, t * qDim + h * headDim, kc, g * headDim * capacity, capacity,
                            vc, g * headDim, kvDim, positions[t] + 1, headDim, scale, scores, s.attRows, t * qDim + h * headDim);
                }
            }
        });
        for (int f = 0; f < qDim; f++) {
            int row = f * ld;
            for (int t = 0; t < count; t++) s.att[row + t] = s.attRows[t * qDim + f];
        }
    }

    private static final ThreadLocal<float[]> WORKER_SCORES = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] threadScores(int length) {
        float[] a = WORKER_SCORES.get();
        if (a.length < length) {
            a = new float[length];
            WORKER_SCORES.set(a);
        }
        return a;
    }

    /** LM head (and value head) on the wanted tokens' final hidden states. */
    private void output(Scratch s, int count, int ld, boolean[] want, float[] logits, float[] values) {
        int n = 0;
        int[] picked = new int[count];
        for (int t = 0; t < count; t++) if (want == null || want[t]) picked[n++] = t;
        if (n == 0) return;
        int nld = (n + 15) & ~15;
        for (int f = 0; f < hidden; f++) {
            for (int i = 0; i < n; i++) s.selected[f * nld + i] = s.xn[f * ld + picked[i]];
        }
        if (values != null) {
            MemorySegment vh = weights.valueHead();
            if (vh == null) throw new IllegalStateException("this model has no value head (" + WeightLayout.VALUE_HEAD + ")");
            MemorySegment vb = weights.valueHeadBias();
            float bias = vb == null ? 0f : vb.getAtIndex(F, 0);
            for (int i = 0; i < n; i++) {
                float acc = 0f;
                for (int f = 0; f < hidden; f++) acc += vh.getAtIndex(F, f) * s.selected[f * nld + i];
                values[i] = acc + bias;
            }
        }
        if (logits == null) return;
        if (s.logitCols.length < (long) vocab * nld) s.logitCols = new float[Math.multiplyExact(vocab, nld)];
        float[] cols = s.logitCols;
        Gemm.multiply(weights.lmHead(), 0, hidden, s.selected, 0, nld, cols, 0, nld, vocab, n, hidden, false);
        for (int vi = 0; vi < vocab; vi++) {
            int row = vi * nld;
            for (int i = 0; i < n; i++) logits[i * vocab + vi] = cols[row + i];
        }
    }

    /** Convenience for scoring: logits at every position of one sequence, in a fresh slot. */
    public float[] logitsOf(int[] tokens, KvCache cache) {
        int slot = cache.allocate();
        try {
            int[] slots = new int[tokens.length], positions = new int[tokens.length];
            Arrays.fill(slots, slot);
            for (int i = 0; i < tokens.length; i++) positions[i] = i;
            float[] logits = new float[tokens.length * vocab];
            forward(tokens, slots, positions, tokens.length, cache, null, logits, null);
            return logits;
        } finally {
            cache.release(slot);
        }
    }
}
