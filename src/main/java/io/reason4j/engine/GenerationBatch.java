package io.reason4j.engine;

import io.reason4j.model.Decoder;
import io.reason4j.model.KvCache;
import io.reason4j.tensor.Gemm;
import io.reason4j.tensor.WorkerPool;
import io.reason4j.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Live sequences decoded together over one KV cache. Each step feeds every unfinished sequence's
 * uncached tokens (its prompt at first, then the one token it just sampled) through a single forward
 * pass, then samples each sequence's next token from its own seeded random stream, so a sequence's
 * output does not depend on what it is batched with.
 *
 * <p>Continuation: after a turn ends, {@link #append} adds tokens that the model did not sample (a
 * tool's output) and re-opens the sequence; the next {@link #step} feeds only the new tokens, reusing
 * the cached prefix. {@link #truncate} drops a turn's tail (a suppressed delimiter) from the
 * sequence and the cache.
 *
 * <p>Continuous batching: a sequence {@link #add}ed between steps joins the next step (its prompt is
 * prefilled alongside the others' decoding tokens), and {@link #release} takes a sequence out and
 * frees its cache slot for the next one, so a server can keep one batch open indefinitely.
 *
 * <p>Not thread-safe.
 */
public final class GenerationBatch implements LiveBatch {
    /**
     * Steps a resumed sequence (tokens appended after its turn) may wait for a step whose padding
     * has room for its tokens: a few milliseconds, less than any tool call. The decoder's GEMMs work
     * in column panels ({@link Gemm#NR} per thread group): a decoding step of 64 sequences on two
     * threads fills exactly one panel per thread, and 4 inserted tokens would make it pay a second,
     * nearly empty one. Waiting lets several resumed sequences share that panel; the rollout
     * benchmark went from 0.69 to 0.74-0.78 of plain sampling (docs/benchmarks.md).
     */
    static final int MAX_RESUME_DELAY = 8;

    /** Tokens fed through the model per forward pass at most; long prompts are prefilled in chunks. */
    static final int MAX_TOKENS_PER_STEP = 4096;

    /**
     * Sampled tokens a turn's cache slot has room for from the turn's start, when the turn may
     * sample that many: no copies while it grows (−8% time in the medium sampling benchmark). Beyond
     * this the slot grows by doubling, so that sequences that stop early do not hold long
     * contexts' worth of memory.
     */
    static final int RESERVED_NEW_TOKENS = 512;

    private final Decoder decoder;
    private final KvCache cache;
    private final Tokenizer tokenizer;
    /** Every sequence by index; a released one is null (indexes are never reused). */
    private final List<Sequence> sequences = new ArrayList<>();
    /** The sequences not released, in order of addition: what a step looks at. */
    private final List<Sequence> open = new ArrayList<>();
    private final Sampler sampler = new Sampler();
    private final int contextLimit;
    /** Steps whose token count is a multiple of this fill the decoder's GEMM panels without padding. */
    final int tokenMultiple = Gemm.NR * WorkerPool.shared().threads();
    private long tokensFed;

    /**
     * @param tokenizer turns token ids into text, for stop strings; may be null when no request
     *     uses stop strings
     */
    public GenerationBatch(Decoder decoder, Tokenizer tokenizer) {
        this.decoder = decoder;
        this.cache = new KvCache(decoder.config());
        this.tokenizer = tokenizer;
        this.contextLimit = decoder.config().maxPositionEmbeddings();
    }

    /** One sequence: all its tokens, which of them the model sampled, and the state of its turn. */
    public final class Sequence {
        private final int slot;
        private final int promptLength;
        private int[] tokens;
        private int size;
        private boolean[] sampled;
        private float[] logprobs;
        private int cached;
        private SamplingParams params;
        private final SplittableRandom random;
        private int turnStart;
        private FinishReason finish;
        private StopStringMatcher stops;
        /** Steps this sequence's appended tokens have waited (see {@link #MAX_RESUME_DELAY}). */
        private int resumeDelay;
        /** Alternatives kept per sampled token (0 = none), and per position the alternatives or null. */
        private final int topCount;
        private TopLogprobs[] top;

        private Sequence(int[] prompt, SamplingParams params, int topCount) {
            this.slot = cache.allocate();
            this.promptLength = prompt.length;
            this.tokens = Arrays.copyOf(prompt, Math.max(16, prompt.length * 2));
            this.sampled = new boolean[tokens.length];
            this.logprobs = new float[tokens.length];
            Arrays.fill(logprobs, Float.NaN);
            this.topCount = topCount;
            if (topCount > 0) this.top = new TopLogprobs[tokens.length];
            this.size = prompt.length;
            this.random = new SplittableRandom(params.seed());
            startTurn(params);
        }

        private void startTurn(SamplingParams p) {
            params = p;
            turnStart = size;
            cache.reserve(slot, (int) Math.min(contextLimit, (long) size + Math.min(p.maxNewTokens(), RESERVED_NEW_TOKENS)));
            finish = null;
            stops = p.stopStrings().isEmpty() ? null : new StopStringMatcher(p.stopStrings(), tokenizer);
            if (p.maxNewTokens() == 0 || size >= contextLimit) finish = FinishReason.LENGTH;
        }

        private void push(int token, boolean bySampling, float logprob) {
            if (size == tokens.length) {
                int n = tokens.length * 2;
                tokens = Arrays.copyOf(tokens, n);
                sampled = Arrays.copyOf(sampled, n);
                logprobs = Arrays.copyOf(logprobs, n);
                Arrays.fill(logprobs, size, n, Float.NaN);
                if (top != null) top = Arrays.copyOf(top, n);
            }
            if (top != null) top[size] = null;
            tokens[size] = token;
            sampled[size] = bySampling;
            logprobs[size] = logprob;
            size++;
        }

        /** All tokens: prompt, sampled and appended. */
        public int[] tokens() {
            return Arrays.copyOf(tokens, size);
        }

        /** Per token: whether the model sampled it (true) or it was given (prompt, appended). */
        public boolean[] sampledMask() {
            return Arrays.copyOf(sampled, size);
        }

        /** Per token: log-probability of a sampled token, NaN for given tokens. */
        public float[] logprobs() {
            return Arrays.copyOf(logprobs, size);
        }

        /** The number of tokens: prompt, sampled and appended. */
        public int length() {
            return size;
        }

        /** The token at a position, without copying the sequence (a server reads new tokens each step). */
        public int tokenAt(int position) {
            return tokens[Objects.checkIndex(position, size)];
        }

        /** The log-probability of the token at a position (NaN for a given token). */
        public float logprobAt(int position) {
            return logprobs[Objects.checkIndex(position, size)];
        }

        /**
         * The most likely tokens at a sampled position, when the sequence was added with top
         * log-probabilities; else null (and for given tokens).
         */
        public TopLogprobs topLogprobsAt(int position) {
            return top == null ? null : top[Objects.checkIndex(position, size)];
        }

        /** Tokens sampled in the latest turn. */
        public int[] turnTokens() {
            return Arrays.copyOfRange(tokens, turnStart, size);
        }

        public float[] turnLogprobs() {
            return Arrays.copyOfRange(logprobs, turnStart, size);
        }

        /** Why the latest turn ended, or null while it runs. */
        public FinishReason finishReason() {
            return finish;
        }

        /** The stop string that ended the turn, or null. */
        public String matchedStop() {
            return stops == null ? null : stops.matched();
        }

        /** Positions whose keys and values are in the cache: never recomputed. */
        public int cachedLength() {
            return cached;
        }
    }

    @Override
    public int add(int[] promptIds, SamplingParams params) {
        return add(promptIds, params, 0);
    }

    /**
     * Adds a sequence that also keeps, for every sampled token, the {@code topLogprobs} most likely
     * tokens at its position ({@link Sequence#topLogprobsAt}): OpenAI's {@code top_logprobs}.
     */
    public int add(int[] promptIds, SamplingParams params, int topLogprobs) {
        if (topLogprobs < 0) throw new IllegalArgumentException("top log-probabilities must be >= 0, got " + topLogprobs);
        if (promptIds.length == 0) throw new IllegalArgumentException("a prompt needs at least one token");
        if (promptIds.length >= contextLimit) {
            throw new IllegalArgumentException("the prompt has " + promptIds.length + " tokens, but the model's context"
                    + " (max_position_embeddings) is " + contextLimit + ": no room to generate");
        }
        if (!params.stopStrings().isEmpty() && tokenizer == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer, and this model has none");
        }
        Sequence s = new Sequence(promptIds, params, topLogprobs);
        sequences.add(s);
        open.add(s);
        return sequences.size() - 1;
    }

    public Sequence sequence(int index) {
        Sequence s = sequences.get(index);
        if (s == null) throw new IllegalStateException("sequence " + index + " was released");
        return s;
    }

    /** The number of sequences ever added, released ones included: the next index is this. */
    public int size() {
        return sequences.size();
    }

    /** The number of sequences not released, running or not: what holds cache slots. */
    public int openCount() {
        return open.size();
    }

    /**
     * Takes a sequence out of the batch, running or not, and frees its cache slot for the next
     * sequence. Its index is never reused; reading it afterwards is an error.
     */
    public void release(int index) {
        Sequence s = sequence(index);
        cache.release(s.slot);
        sequences.set(index, null);
        open.remove(s);
    }

    @Override
    public void append(int index, int[] given, SamplingParams params) {
        Sequence s = stopped(index);
        for (int t : given) s.push(t, false, Float.NaN);
        s.startTurn(params);
    }

    @Override
    public void truncate(int index, int length) {
        Sequence s = stopped(index);
        if (length < s.promptLength || length > s.size) {
            throw new IllegalArgumentException("sequence " + index + " has " + s.size + " tokens, " + s.promptLength
                    + " of them prompt: cannot truncate it to " + length);
        }
        s.size = length;
        s.turnStart = Math.min(s.turnStart, length);
        if (s.cached > length) {
            s.cached = length;
            cache.truncate(s.slot, length);
        }
    }

    private Sequence stopped(int index) {
        Sequence s = sequence(index);
        if (s.finish == null) throw new IllegalStateException("sequence " + index + " is still generating");
        return s;
    }

    @Override
    public int[] tokens(int index) {
        return sequence(index).tokens();
    }

    @Override
    public boolean[] sampledMask(int index) {
        return sequence(index).sampledMask();
    }

    @Override
    public float[] logprobs(int index) {
        return sequence(index).logprobs();
    }

    @Override
    public int turnStart(int index) {
        return sequence(index).turnStart;
    }

    @Override
    public FinishReason finishReason(int index) {
        return sequence(index).finish;
    }

    @Override
    public String matchedStop(int index) {
        return sequence(index).matchedStop();
    }

    @Override
    public int contextLimit() {
        return contextLimit;
    }

    // Step buffers, grown as needed and reused across steps.
    private final List<Sequence> active = new ArrayList<>();
    private int[] stepTokens = new int[0], stepSlots = new int[0], stepPositions = new int[0];
    private boolean[] stepWant = new boolean[0];
    private float[] stepLogits = new float[0];

    /**
     * One forward pass: every running sequence's uncached tokens (a prompt or appended tokens,
     * chunked to {@link #MAX_TOKENS_PER_STEP}, or the one token it just sampled), then one sampled
     * token for each sequence that is fully cached. False when no turn was running.
     */
    @Override
    public boolean step() {
        int vocab = decoder.config().vocabSize();
        active.clear();
        int decoding = 0, overdue = 0;
        for (Sequence s : open) {
            if (s.finish != null) continue;
            if (s.size - s.cached == 1) decoding++;
            else if (resuming(s) && s.resumeDelay >= MAX_RESUME_DELAY) overdue += s.size - s.cached;
        }
        // Columns left in the padding this step pays anyway; an overdue resumption opens more.
        int room = decoding == 0 ? Integer.MAX_VALUE : roundUp(decoding + overdue, tokenMultiple) - decoding - overdue;
        int count = 0;
        for (Sequence s : open) {
            if (s.finish != null) continue;
            int pending = s.size - s.cached;
            if (resuming(s) && s.resumeDelay < MAX_RESUME_DELAY) {
                if (pending > room) {
                    s.resumeDelay++;
                    continue;
                }
                room -= pending;
            }
            if (count > 0 && count + pending > MAX_TOKENS_PER_STEP) continue;
            s.resumeDelay = 0;
            active.add(s);
            count += Math.min(pending, MAX_TOKENS_PER_STEP);
        }
        if (active.isEmpty()) return false;
        if (stepTokens.length < count) {
            stepTokens = new int[count];
            stepSlots = new int[count];
            stepPositions = new int[count];
            stepWant = new boolean[count];
        }
        if (stepLogits.length < active.size() * vocab) stepLogits = new float[active.size() * vocab];
        int n = 0;
        for (Sequence s : active) {
            int feed = Math.min(s.size - s.cached, MAX_TOKENS_PER_STEP);
            for (int i = 0; i < feed; i++) {
                stepTokens[n] = s.tokens[s.cached + i];
                stepSlots[n] = s.slot;
                stepPositions[n] = s.cached + i;
                stepWant[n] = i == feed - 1 && s.cached + feed == s.size;
                n++;
            }
        }
        decoder.forward(stepTokens, stepSlots, stepPositions, n, cache, stepWant, stepLogits, null);
        tokensFed += n;
        int row = 0;
        for (Sequence s : active) {
            int feed = Math.min(s.size - s.cached, MAX_TOKENS_PER_STEP);
            s.cached += feed;
            if (s.cached < s.size) continue; // prompt not fully prefilled yet: no logits this step
            Sampler.Choice c = sampler.sample(stepLogits, row * vocab, vocab, s.params, s.random);
            TopLogprobs alternatives = s.topCount == 0 ? null : sampler.top(stepLogits, row * vocab, vocab, s.topCount, s.params);
            row++;
            s.push(c.token(), true, c.logprob());
            if (alternatives != null) s.top[s.size - 1] = alternatives;
            finishIfDone(s, c.token());
        }
        return true;
    }

    /** Has appended tokens to feed before it can sample again (not a first prompt). */
    private static boolean resuming(Sequence s) {
        return s.cached > 0 && s.size - s.cached > 1;
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    private void finishIfDone(Sequence s, int token) {
        if (s.params.stopTokenIds().contains(token)) {
            s.finish = FinishReason.STOP;
        } else if (s.stops != null && s.stops.accept(token)) {
            s.finish = FinishReason.STOP;
        } else if (s.size - s.turnStart >= s.params.maxNewTokens() || s.size >= contextLimit) {
            s.finish = FinishReason.LENGTH;
        }
    }

    /** Tokens run through the model so far: prompts and appended tokens once, each sampled token once. */
    public long tokensFed() {
        return tokensFed;
    }

    /** Frees the cache. */
    @Override
    public void close() {
        for (Sequence s : open) cache.release(s.slot);
        open.clear();
    }
}
