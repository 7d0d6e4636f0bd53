package io.reason4j.engine.remote;

import io.reason4j.engine.FinishReason;
import io.reason4j.engine.LiveBatch;
import io.reason4j.engine.SamplingParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Live sequences on a remote server: the tokens, which of them were sampled, and their
 * log-probabilities are kept here; each turn is one completions request with the sequence so far
 * as its prompt. {@link #step} sends every running turn that is not in flight yet and returns as
 * soon as at least one has come back, so a caller that inserts a tool's output resumes that
 * sequence while the others are still generating.
 *
 * <p>Turn {@code k} of a sequence is seeded with its seed mixed with {@code k} (turn 0 with the seed
 * itself), since each turn is a fresh request. Not thread-safe: one thread drives a batch.
 */
final class RemoteBatch implements LiveBatch {
    /** Golden-ratio increment (as SplittableRandom's): turn seeds far apart for consecutive turns. */
    private static final long TURN_SEED_STEP = 0x9E3779B97F4A7C15L;

    private final RemoteEngine engine;
    private final List<Sequence> sequences = new ArrayList<>();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private int inFlight;

    /** A turn that came back, or failed. */
    private record Reply(Sequence sequence, RemoteCompletion completion, RuntimeException error) {}

    private static final class Sequence {
        final int promptLength;
        final long seed;
        int[] tokens;
        boolean[] sampled;
        float[] logprobs;
        int size;
        int turnStart;
        int turns;
        SamplingParams params;
        FinishReason finish;
        String matchedStop;
        Future<?> request;

        Sequence(int[] prompt, long seed) {
            this.promptLength = prompt.length;
            this.seed = seed;
            this.tokens = Arrays.copyOf(prompt, Math.max(16, 2 * prompt.length));
            this.sampled = new boolean[tokens.length];
            this.logprobs = new float[tokens.length];
            Arrays.fill(logprobs, Float.NaN);
            this.size = prompt.length;
        }

        void push(int token, boolean bySampling, float logprob) {
            if (size == tokens.length) {
                int n = 2 * size;
                tokens = Arrays.copyOf(tokens, n);
                sampled = Arrays.copyOf(sampled, n);
                logprobs = Arrays.copyOf(logprobs, n);
            }
            tokens[size] = token;
            sampled[size] = bySampling;
            logprobs[size] = logprob;
            size++;
        }
    }

    RemoteBatch(RemoteEngine engine) {
        this.engine = engine;
    }

    @Override
    public int add(int[] promptIds, SamplingParams params) {
        if (promptIds.length == 0) throw new IllegalArgumentException("a prompt needs at least one token");
        if (promptIds.length >= engine.contextLimit()) {
            throw new IllegalArgumentException("the prompt has " + promptIds.length + " tokens, but the model's context"
                    + " (max_model_len) is " + engine.contextLimit() + ": no room to generate");
        }
        Sequence s = new Sequence(promptIds, params.seed());
        startTurn(s, params);
        sequences.add(s);
        return sequences.size() - 1;
    }

    private void startTurn(Sequence s, SamplingParams p) {
        s.params = p.withSeed(s.turns == 0 ? s.seed : s.seed + s.turns * TURN_SEED_STEP);
        s.turns++;
        s.turnStart = s.size;
        s.finish = null;
        s.matchedStop = null;
        if (maxTokens(s) <= 0) s.finish = FinishReason.LENGTH;
    }

    /** What the turn may still generate: its own limit, within the context. */
    private int maxTokens(Sequence s) {
        return Math.min(s.params.maxNewTokens() - (s.size - s.turnStart), engine.contextLimit() - s.size);
    }

    /**
     * Sends every running turn that is not in flight, then waits until at least one has come back;
     * false when no turn is running. A request that failed (after the retries) is thrown here.
     */
    @Override
    public boolean step() {
        for (Sequence s : sequences) {
            if (s.finish != null || s.request != null) continue;
            int[] prompt = Arrays.copyOf(s.tokens, s.size);
            SamplingParams params = s.params;
            int max = maxTokens(s);
            s.request = engine.executor().submit(() -> {
                try {
                    replies.add(new Reply(s, engine.turn(prompt, params, max), null));
                } catch (RuntimeException e) {
                    replies.add(new Reply(s, null, e));
                }
            });
            inFlight++;
        }
        if (inFlight == 0) return false;
        try {
            apply(replies.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteEngineException("interrupted while waiting for remote completions", e);
        }
        for (Reply r; (r = replies.poll()) != null; ) apply(r);
        return true;
    }

    private void apply(Reply r) {
        Sequence s = r.sequence();
        s.request = null;
        inFlight--;
        if (r.error() != null) throw r.error();
        RemoteCompletion c = r.completion();
        int room = maxTokens(s);
        int n = Math.min(c.tokenIds().length, room); // a server that overshoots max_tokens is cut back to it
        for (int i = 0; i < n; i++) s.push(c.tokenIds()[i], true, c.logprobs()[i]);
        boolean cut = n < c.tokenIds().length;
        s.finish = cut || s.size >= engine.contextLimit() ? FinishReason.LENGTH : c.finishReason();
        s.matchedStop = s.finish == FinishReason.STOP ? c.matchedStop() : null;
    }

    @Override
    public void append(int index, int[] given, SamplingParams params) {
        Sequence s = stopped(index);
        for (int t : given) s.push(t, false, Float.NaN);
        startTurn(s, params);
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
    }

    private Sequence stopped(int index) {
        Sequence s = sequences.get(index);
        if (s.finish == null) throw new IllegalStateException("sequence " + index + " is still generating");
        return s;
    }

    @Override
    public int[] tokens(int index) {
        Sequence s = sequences.get(index);
        return Arrays.copyOf(s.tokens, s.size);
    }

    @Override
    public boolean[] sampledMask(int index) {
        Sequence s = sequences.get(index);
        return Arrays.copyOf(s.sampled, s.size);
    }

    @Override
    public float[] logprobs(int index) {
        Sequence s = sequences.get(index);
        return Arrays.copyOf(s.logprobs, s.size);
    }

    @Override
    public int turnStart(int index) {
        return sequences.get(index).turnStart;
    }

    @Override
    public FinishReason finishReason(int index) {
        return sequences.get(index).finish;
    }

    @Override
    public String matchedStop(int index) {
        return sequences.get(index).matchedStop;
    }

    @Override
    public int contextLimit() {
        return engine.contextLimit();
    }

    /** Cancels the turns still in flight. */
    @Override
    public void close() {
        for (Sequence s : sequences) if (s.request != null) s.request.cancel(true);
    }
}
