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
    private final long weightBytes;
    private Scratch[] scratches = new Scratch[0];

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
        long bytes = 0;
        for (NamedTensor t : weights.tensors()) bytes += t.data().byteSize();
        weightBytes = bytes;
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
        /** The longest attention span this scratch was sized for (attention's own scratch is per thread). */
        final int maxLength;
        final float[] x, xn, q, k, v, att, gate, up, invRms, selected;
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
            this.maxLength = maxLength;
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
        if (values != null && weights.valueHead() == null) {
            throw new IllegalStateException("this model has no value head (" + WeightLayout.VALUE_HEAD + ")");
        }
        int maxLength = validate(tokens, slots, positions, count, cache);
        for (int t = 0; t < count; t++) cache.extend(slots[t], positions[t] + 1);
        rope.prepare(positions, count);
        // Output row of each token's logits and value: its rank among the wanted tokens, or -1.
        int[] outputRow = new int[count];
        for (int t = 0, n = 0; t < count; t++) outputRow[t] = wantLogits == null || wantLogits[t] ? n++ : -1;
        int[][] groups = slotGroups(slots, count);
        if (groups == null) {
            int[] all = new int[count];
            for (int t = 0; t < count; t++) all[t] = t;
            forwardPart(0, all, true, tokens, slots, positions, outputRow, maxLength, cache, logits, values);
        } else {
            WorkerPool.shared().run(groups.length, (part, parts) -> forwardPart(part, groups[part], false, tokens, slots,
                    positions, outputRow, maxLength, cache, logits, values));
        }
    }

    /** Checks ids and positions (no slot may skip a position); returns the longest attention span. */
    private int validate(int[] tokens, int[] slots, int[] positions, int count, KvCache cache) {
        int maxLength = 0;
        java.util.Map<Integer, Integer> filled = new java.util.HashMap<>(); // slot -> positions cached or fed so far
        for (int t = 0; t < count; t++) {
            if (tokens[t] < 0 || tokens[t] >= vocab) {
                throw new IllegalArgumentException("token id " + tokens[t] + " at index " + t
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
            int available = filled.getOrDefault(slots[t], cache.length(slots[t]));
            if (positions[t] > available) {
                throw new IllegalArgumentException("position " + positions[t] + " of slot " + slots[t]
                        + " leaves a gap: only positions below " + available + " are cached or in this batch");
            }
            filled.put(slots[t], Math.max(available, positions[t] + 1));
            maxLength = Math.max(maxLength, positions[t] + 1);
        }
        return maxLength;
    }

    /**
     * Splits the tokens into one group per thread, each group whole slots, so that every thread can
     * run the entire forward on its group with no hand-off at all (a token only ever attends to its
     * own slot). Returns null when that does not pay: one thread, groups too unequal (one long
     * prompt), or too few tokens per thread to make a model too big for the caches worth reading
     * once per thread.
     */
    private int[][] slotGroups(int[] slots, int count) {
        int parts = WorkerPool.shared().threads();
        if (parts < 2 || count < parts) return null;
        if (count / parts < TOKENS_PER_THREAD_FOR_LARGE_MODELS && weightBytes > CACHE_RESIDENT_WEIGHT_BYTES) return null;
        java.util.LinkedHashMap<Integer, Integer> perSlot = new java.util.LinkedHashMap<>();
        for (int t = 0; t < count; t++) perSlot.merge(slots[t], 1, Integer::sum);
        java.util.Map<Integer, Integer> groupOfSlot = new java.util.HashMap<>();
        int[] sizes = new int[parts];
        int group = 0, done = 0;
        for (var e : perSlot.entrySet()) {
            // Move on once this group holds its share of what has been assigned so far.
            if (group < parts - 1 && done >= (long) count * (group + 1) / parts) group++;
            groupOfSlot.put(e.getKey(), group);
            sizes[group] += e.getValue();
            done += e.getValue();
        }
        for (int size : sizes) if (size == 0 || size > count * 5L / (4L * parts)) return null;
        int[][] groups = new int[parts][];
        for (int g = 0; g < parts; g++) groups[g] = new int[sizes[g]];
        int[] filled = new int[parts];
        for (int t = 0; t < count; t++) {
            int g = groupOfSlot.get(slots[t]);
            groups[g][filled[g]++] = t;
        }
        return groups;
    }

    /** Below this many tokens per thread, a model whose weights are not cache-resident is split by rows instead. */
    private static final int TOKENS_PER_THREAD_FOR_LARGE_MODELS = 16;
    private static final long CACHE_RESIDENT_WEIGHT_BYTES = 32L << 20;

    /**
     * The forward pass of the tokens {@code picked} (indices into the call's arrays), on this part's
     * scratch. {@code parallel}: kernels split their work over the pool; otherwise everything runs on
     * the calling thread.
     */
    private void forwardPart(int part, int[] picked, boolean parallel, int[] allTokens, int[] allSlots, int[] allPositions,
                             int[] allOutputRows, int maxLength, KvCache cache, float[] logits, float[] values) {
        int count = picked.length;
        int[] tokens = new int[count], slots = new int[count], positions = new int[count], outputRows = new int[count];
        for (int i = 0; i < count; i++) {
            int t = picked[i];
            tokens[i] = allTokens[t];
            slots[i] = allSlots[t];
            positions[i] = allPositions[t];
            outputRows[i] = allOutputRows[t];
        }
        // This call's own leading dimension, not the scratch's: after a long prefill the scratch is
        // wide, and elementwise kernels that sweep whole rows would otherwise work on stale columns.
        int ld = (count + 15) & ~15;
        Scratch s = scratch(part, ld, maxLength);
        embed(tokens, count, s.x, ld);
        for (int l = 0; l < config.numLayers(); l++) {
            layer(l, weights.layer(l), slots, positions, count, cache, s, ld, parallel);
        }
        RmsNorm.forward(s.x, s.xn, hidden, count, ld, weights.finalNorm(), eps, s.invRms);
        output(s, count, ld, outputRows, logits, values, parallel);
    }

    private synchronized Scratch scratch(int part, int ld, int maxLength) {
        if (scratches.length <= part) scratches = Arrays.copyOf(scratches, part + 1);
        Scratch s = scratches[part];
        if (s == null || s.ld < ld || s.maxLength < maxLength) {
            int oldLd = s == null ? 0 : s.ld, oldLen = s == null ? 0 : s.maxLength;
            s = new Scratch(config, Math.max(ld, oldLd), Attention.paddedLength(Math.max(2 * maxLength, oldLen)));
            scratches[part] = s;
        }
        return s;
    }

    /** Runs the task in parts over the pool, or inline when there is one part (never touching the pool). */
    private static void run(int parts, WorkerPool.Task task) {
        if (parts == 1) task.run(0, 1);
        else WorkerPool.shared().run(parts, task);
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
                       Scratch s, int ld, boolean parallel) {
        // Below ~1 MFLOP per matrix a second thread costs more in hand-off than it saves.
        int parts = parallel && 2L * count * hidden * hidden >= (1 << 20) ? WorkerPool.shared().threads() : 1;
        // Attention block: x += Wo · attention(rope(Wq·n(x) + bq), rope(Wk·n(x) + bk), Wv·n(x) + bv)
        normalize(w.inputNorm(), s, count, ld, parts);
        run(parts, (part, n) -> {
            // Split by whole heads, so each thread can add biases, rotate and cache its own rows.
            projectHeads(w.wq(), w.bq(), s.xn, s.q, heads, part, n, count, ld, positions, true);
            projectHeads(w.wk(), w.bk(), s.xn, s.k, kvHeads, part, n, count, ld, positions, true);
            projectHeads(w.wv(), w.bv(), s.xn, s.v, kvHeads, part, n, count, ld, positions, false);
            int f0 = WorkerPool.splitStart(kvHeads, part, n, 1) * headDim, f1 = WorkerPool.splitStart(kvHeads, part + 1, n, 1) * headDim;
            writeCache(l, f0, f1, slots, positions, count, cache, s, ld);
        });
        run(parts, (part, n) -> attendTokens(l, WorkerPool.splitStart(count, part, n, 1),
                WorkerPool.splitStart(count, part + 1, n, 1), slots, positions, cache, s, ld));
        run(parts, (part, n) -> project(w.wo(), w.bo(), s.att, qDim, s.x, hidden, part, n, count, ld, true));
        // MLP block: x += Wdown · (silu(Wgate·n(x)) ⊙ Wup·n(x))
        normalize(w.postNorm(), s, count, ld, parts);
        run(parts, (part, n) -> {
            int r0 = WorkerPool.splitStart(ffn, part, n, Gemm.MR), r1 = WorkerPool.splitStart(ffn, part + 1, n, Gemm.MR);
            Gemm.multiplyRows(w.gate(), 0, hidden, s.xn, 0, ld, s.gate, 0, ld, r0, r1, count, hidden, false);
            Gemm.multiplyRows(w.up(), 0, hidden, s.xn, 0, ld, s.up, 0, ld, r0, r1, count, hidden, false);
            SwiGlu.forward(s.gate, s.up, s.gate, r0 * ld, r1 * ld);
        });
        run(parts, (part, n) -> project(w.down(), null, s.gate, ffn, s.x, hidden, part, n, count, ld, true));
    }

    /** xn = RMSNorm(x), the token columns split between threads in whole vectors. */
    private void normalize(MemorySegment weight, Scratch s, int count, int ld, int parts) {
        run(parts, (part, n) -> RmsNorm.forward(s.x, s.xn, hidden, WorkerPool.splitStart(count, part, n, 16),
                WorkerPool.splitStart(count, part + 1, n, 16), ld, weight, eps, s.invRms));
    }

    /** This part's rows of out (+)= W·in + bias. */
    private static void project(MemorySegment w, MemorySegment bias, float[] in, int inDim, float[] out, int outDim,
                                int part, int parts, int count, int ld, boolean accumulate) {
        int r0 = WorkerPool.splitStart(outDim, part, parts, Gemm.MR), r1 = WorkerPool.splitStart(outDim, part + 1, parts, Gemm.MR);
        Gemm.multiplyRows(w, 0, inDim, in, 0, ld, out, 0, ld, r0, r1, count, inDim, accumulate);
        addBias(bias, out, r0, r1, count, ld);
    }

    /** This part's heads of out = W·xn + bias, rotated when {@code rotate}. */
    private void projectHeads(MemorySegment w, MemorySegment bias, float[] in, float[] out, int headCount, int part, int parts,
                              int count, int ld, int[] positions, boolean rotate) {
        int h0 = WorkerPool.splitStart(headCount, part, parts, 1), h1 = WorkerPool.splitStart(headCount, part + 1, parts, 1);
        int r0 = h0 * headDim, r1 = h1 * headDim;
        Gemm.multiplyRows(w, 0, hidden, in, 0, ld, out, 0, ld, r0, r1, count, hidden, false);
        addBias(bias, out, r0, r1, count, ld);
        if (rotate) rope.applyHeads(out, h0, h1, count, ld, positions);
    }

    private static void addBias(MemorySegment bias, float[] out, int r0, int r1, int count, int ld) {
        if (bias == null) return;
        for (int f = r0; f < r1; f++) {
            float b = bias.getAtIndex(F, f);
            int row = f * ld;
            for (int t = 0; t < count; t++) out[row + t] += b;
        }
    }

    /** Key/value features [f0, f1) (whole heads) of every token into its slot's cache at its position. */
    private void writeCache(int l, int f0, int f1, int[] slots, int[] positions, int count, KvCache cache, Scratch s, int ld) {
        for (int t = 0; t < count; t++) {
            float[] kc = cache.keys(l, slots[t]), vc = cache.values(l, slots[t]);
            int pos = positions[t];
            for (int g = f0 / headDim; g < f1 / headDim; g++) {
                int row = g * headDim * ld + t;
                int keyAt = Attention.keyIndex(pos, g, 0, kvHeads, headDim), valueAt = Attention.valueIndex(pos, g, 0, kvHeads, headDim);
                // Dimension d + 1 of a key lies kvHeads blocks after dimension d (Attention.keyIndex).
                for (int d = 0, k = keyAt; d < headDim; d++, k += kvHeads * Attention.BLOCK) {
                    kc[k] = s.k[row + d * ld];
                    vc[valueAt + d] = s.v[row + d * ld];
                }
            }
        }
    }

    /** Attention for tokens [t0, t1): the query heads gathered from their column, the output scattered back. */
    private void attendTokens(int l, int t0, int t1, int[] slots, int[] positions, KvCache cache, Scratch s, int ld) {
        int attendScratch = Attention.scratchLength(s.maxLength, heads);
        float[] local = threadScratch(attendScratch + 2 * qDim);
        int qOff = attendScratch, outOff = qOff + qDim;
        for (int t = t0; t < t1; t++) {
            for (int f = 0; f < qDim; f++) local[qOff + f] = s.q[f * ld + t];
            Attention.attend(local, qOff, cache.keys(l, slots[t]), cache.values(l, slots[t]), positions[t] + 1, heads, kvHeads,
                    headDim, scale, local, local, outOff);
            for (int f = 0; f < qDim; f++) s.att[f * ld + t] = local[outOff + f];
        }
    }

    private static final ThreadLocal<float[]> THREAD_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] threadScratch(int length) {
        float[] a = THREAD_SCRATCH.get();
        if (a.length < length) {
            a = new float[length];
            THREAD_SCRATCH.set(a);
        }
        return a;
    }

    /** LM head (and value head) on the wanted tokens' final hidden states. */
    private void output(Scratch s, int count, int ld, int[] outputRows, float[] logits, float[] values, boolean parallel) {
        int n = 0;
        int[] picked = new int[count];
        for (int t = 0; t < count; t++) if (outputRows[t] >= 0) picked[n++] = t;
        if (n == 0) return;
        int nld = (n + 15) & ~15;
        for (int f = 0; f < hidden; f++) {
            for (int i = 0; i < n; i++) s.selected[f * nld + i] = s.xn[f * ld + picked[i]];
        }
        if (values != null) {
            MemorySegment vh = weights.valueHead(), vb = weights.valueHeadBias();
            float bias = vb == null ? 0f : vb.getAtIndex(F, 0);
            for (int i = 0; i < n; i++) {
                float acc = 0f;
                for (int f = 0; f < hidden; f++) acc += vh.getAtIndex(F, f) * s.selected[f * nld + i];
                values[outputRows[picked[i]]] = acc + bias;
            }
        }
        if (logits == null) return;
        if (s.logitCols.length < (long) vocab * nld) s.logitCols = new float[Math.multiplyExact(vocab, nld)];
        float[] cols = s.logitCols;
        if (parallel) Gemm.multiply(weights.lmHead(), 0, hidden, s.selected, 0, nld, cols, 0, nld, vocab, n, hidden, false);
        else Gemm.multiplyRows(weights.lmHead(), 0, hidden, s.selected, 0, nld, cols, 0, nld, 0, vocab, n, hidden, false);
        for (int i = 0; i < n; i++) {
            int dest = outputRows[picked[i]] * vocab;
            for (int vi = 0; vi < vocab; vi++) logits[dest + vi] = cols[vi * nld + i];
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
