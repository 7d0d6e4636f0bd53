package io.reason4j.server;

import io.reason4j.engine.FinishReason;
import io.reason4j.engine.GenerationBatch;
import io.reason4j.engine.SamplingParams;
import io.reason4j.engine.TopLogprobs;
import io.reason4j.model.Decoder;
import io.reason4j.text.Tokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Continuous batching: one thread owns one {@link GenerationBatch} of the local engine and steps it
 * while any sequence runs. Sequences that arrive while others decode join the batch before the next
 * step (their prompts are prefilled alongside the others' decoding tokens); a finished sequence is
 * handed to its request and released, which frees its KV-cache slot. At most {@code maxBatch}
 * sequences are in the batch; the rest wait in arrival order.
 *
 * <p>Requests talk to the scheduler through {@link Submission}s: HTTP threads submit and wait on
 * their submission's queue of updates; only the scheduler thread touches the batch.
 */
final class BatchScheduler implements AutoCloseable {
    /** A batch whose indexes have grown this far is replaced when it empties, so its index table stays small. */
    private static final int RECYCLE_AFTER = 100_000;
    /** A burst of requests is over when none has come for this long (see {@link #gatherBurst}). */
    static final long BURST_GAP_NANOS = 2_000_000;
    /** An idle batch waits this long at most for a burst to be in. */
    static final long BURST_WAIT_NANOS = 20_000_000;

    /**
     * What one choice produced since its last update: its new tokens, and at the end why it stopped
     * ({@code finish} is null until then).
     */
    record ChoiceUpdate(int choice, int[] tokenIds, float[] logprobs, TopLogprobs[] top, FinishReason finish, String matchedStop) {}

    /** One request's sequences in the scheduler, and the queue its HTTP thread reads updates from. */
    final class Submission {
        private final BlockingQueue<Object> updates = new LinkedBlockingQueue<>();
        private final boolean everyStep;
        private volatile boolean cancelled;

        private Submission(boolean everyStep) {
            this.everyStep = everyStep;
        }

        /** The next update; a failure of the engine is rethrown here, on the request's thread. */
        ChoiceUpdate next() throws InterruptedException {
            Object o = updates.take();
            if (o instanceof RuntimeException e) throw e;
            return (ChoiceUpdate) o;
        }

        /** The client went away: its sequences leave the batch at the next step. */
        void cancel() {
            cancelled = true;
        }
    }

    /** One sequence to generate: a choice of a request. */
    private static final class Choice {
        final Submission owner;
        final int choice;
        final int[] prompt;
        final SamplingParams params;
        final int topLogprobs;
        int index = -1;
        int delivered;

        Choice(Submission owner, int choice, int[] prompt, SamplingParams params, int topLogprobs) {
            this.owner = owner;
            this.choice = choice;
            this.prompt = prompt;
            this.params = params;
            this.topLogprobs = topLogprobs;
            this.delivered = prompt.length;
        }
    }

    /** A sequence as a request asks for it. */
    record SequenceRequest(int[] promptIds, SamplingParams params, int topLogprobs) {}

    private final Decoder decoder;
    private final Tokenizer tokenizer;
    private final int maxBatch;
    private final BlockingQueue<Choice> incoming = new LinkedBlockingQueue<>();
    private final ArrayDeque<Choice> waiting = new ArrayDeque<>();
    private final List<Choice> running = new ArrayList<>();
    private final Thread thread;
    private GenerationBatch batch;
    private volatile boolean stopping;
    private volatile int mostInOneStep;
    private volatile long steps;

    BatchScheduler(Decoder decoder, Tokenizer tokenizer, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("the batch must hold at least 1 sequence, got " + maxBatch);
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.maxBatch = maxBatch;
        this.batch = new GenerationBatch(decoder, tokenizer);
        this.thread = Thread.ofPlatform().name("reason4j-batch-scheduler").daemon().start(this::loop);
    }

    /**
     * Queues a request's sequences; with {@code everyStep} (a stream) the submission gets the new
     * tokens after every step, else one update per choice when it ends.
     */
    Submission submit(List<SequenceRequest> sequences, boolean everyStep) {
        Submission s = new Submission(everyStep);
        List<Choice> choices = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            SequenceRequest q = sequences.get(i);
            choices.add(new Choice(s, i, q.promptIds(), q.params(), q.topLogprobs()));
        }
        // Under the lock that close() takes to set stopping: nothing is queued after the thread's last look.
        synchronized (this) {
            if (stopping) throw new ApiException(503, "service_unavailable", null, "the server is shutting down");
            incoming.addAll(choices);
        }
        return s;
    }

    /** The most sequences that decoded together in one step so far: proof that requests were batched. */
    int mostSequencesInOneStep() {
        return mostInOneStep;
    }

    long steps() {
        return steps;
    }

    private void loop() {
        while (true) {
            try {
                if (running.isEmpty() && waiting.isEmpty()) {
                    Choice c = incoming.poll(50, TimeUnit.MILLISECONDS);
                    if (c == null) {
                        if (stopping) break;
                        continue;
                    }
                    waiting.add(c);
                    gatherBurst();
                }
                incoming.drainTo(waiting);
                admit();
                int decoding = 0;
                for (Choice c : running) if (batch.finishReason(c.index) == null) decoding++;
                if (decoding > 0) {
                    batch.step();
                    steps++;
                    if (decoding > mostInOneStep) mostInOneStep = decoding;
                }
                deliver();
                if (batch.openCount() == 0 && batch.size() > RECYCLE_AFTER) {
                    batch.close();
                    batch = new GenerationBatch(decoder, tokenizer);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                failRunning(e);
            }
        }
        RuntimeException gone = new ApiException(503, "service_unavailable", null, "the server shut down before this request finished");
        for (Choice c : running) c.owner.updates.add(gone);
        for (Choice c : waiting) c.owner.updates.add(gone);
        for (Choice c : incoming) c.owner.updates.add(gone);
        batch.close();
    }

    /**
     * An idle batch that gets a request waits for the rest of its burst: until no request has come
     * for {@link #BURST_GAP_NANOS}, at most {@link #BURST_WAIT_NANOS}, or until the batch would be
     * full. Clients that send many requests at once (a rollout, an evaluation) are parsed on the
     * same cores that decode, and a decoding step whose threads are preempted by request parsing
     * waits for a scheduler time slice (4-8 ms here, against 1 ms for the step itself); starting
     * once the burst is in lets every step run undisturbed and every sequence finish together.
     * Under continuous load the batch is never idle and nothing waits.
     */
    private void gatherBurst() throws InterruptedException {
        long until = System.nanoTime() + BURST_WAIT_NANOS;
        while (waiting.size() < maxBatch && System.nanoTime() - until < 0) {
            Choice next = incoming.poll(BURST_GAP_NANOS, TimeUnit.NANOSECONDS);
            if (next == null) return;
            waiting.add(next);
            incoming.drainTo(waiting);
        }
    }

    /** Moves waiting sequences into the batch while it has room; cancelled ones are dropped. */
    private void admit() {
        while (running.size() < maxBatch && !waiting.isEmpty()) {
            Choice c = waiting.poll();
            if (c.owner.cancelled) continue;
            try {
                c.index = batch.add(c.prompt, c.params, c.topLogprobs);
            } catch (IllegalArgumentException e) {
                c.owner.updates.add(ApiException.badRequest(null, e.getMessage()));
                continue;
            }
            running.add(c);
        }
    }

    /** Hands new tokens (streams) and finished choices to their requests; releases what finished or was cancelled. */
    private void deliver() {
        for (Iterator<Choice> it = running.iterator(); it.hasNext(); ) {
            Choice c = it.next();
            if (c.owner.cancelled) {
                batch.release(c.index);
                it.remove();
                continue;
            }
            GenerationBatch.Sequence s = batch.sequence(c.index);
            FinishReason finish = s.finishReason();
            if (finish == null && (!c.owner.everyStep || s.length() == c.delivered)) continue;
            int from = c.delivered, to = s.length();
            int[] ids = new int[to - from];
            float[] logprobs = new float[to - from];
            TopLogprobs[] top = c.topLogprobs > 0 ? new TopLogprobs[to - from] : null;
            for (int i = from; i < to; i++) {
                ids[i - from] = s.tokenAt(i);
                logprobs[i - from] = s.logprobAt(i);
                if (top != null) top[i - from] = s.topLogprobsAt(i);
            }
            c.delivered = to;
            c.owner.updates.add(new ChoiceUpdate(c.choice, ids, logprobs, top, finish, finish == null ? null : s.matchedStop()));
            if (finish != null) {
                batch.release(c.index);
                it.remove();
            }
        }
    }

    /** The engine failed: every running request gets the error, and a fresh batch takes over. */
    private void failRunning(Throwable e) {
        RuntimeException error = new ApiException(500, "internal_server_error", null, "generation failed: " + e);
        for (Choice c : running) c.owner.updates.add(error);
        running.clear();
        try {
            batch.close();
        } catch (RuntimeException ignored) {
            // the batch is being replaced anyway
        }
        batch = new GenerationBatch(decoder, tokenizer);
    }

    /**
     * Stops taking requests, lets the batch finish what it holds for up to {@code graceMillis}, then
     * stops the thread; requests still open then get a 503.
     */
    void close(long graceMillis) {
        synchronized (this) {
            stopping = true;
        }
        try {
            thread.join(Math.max(1, graceMillis));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(0);
    }
}
