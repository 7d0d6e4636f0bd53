package io.reason4j.rollout;

import io.reason4j.engine.Engine;
import io.reason4j.engine.FinishReason;
import io.reason4j.engine.LiveBatch;
import io.reason4j.engine.SamplingParams;
import io.reason4j.text.Tokenizer;
import io.reason4j.tool.Tool;
import io.reason4j.tool.ToolResult;
import io.reason4j.tool.ToolStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The agent loop of tool-integrated reasoning (ReTool, retool.md): the whole batch decodes together;
 * a sequence that closes a code block pauses while its code runs on a thread of its own, and the
 * others keep decoding; when the result comes back it is inserted (truncated, in its marker, mask 0)
 * and the sequence resumes with its KV cache, so only the inserted tokens go through the model. No
 * sequence waits for another's tool call. s1 budget forcing ({@link BudgetForcing}) runs in the same
 * loop: a forced delimiter or an extension string is inserted like a tool result.
 *
 * <p>Every token the model sampled has mask 1 and its behaviour log-probability; every inserted
 * token has mask 0 and log-probability 0. A sequence ends when it samples a stop token, reaches the
 * response or context limit, or closes one call more than {@link RolloutOptions#maxToolCalls}.
 */
public final class Rollout {
    private final Engine engine;
    private final Tokenizer tokenizer;
    private final Tool tool;
    private final RolloutOptions options;
    private final BudgetForcing budget;
    private final int[] forcedEnd;
    private final int[] extension;

    /**
     * @param tokenizer reads calls and writes inserted text; may be null only without a tool and budget forcing
     * @param tool      what calls run, or null for no tool calls
     */
    public Rollout(Engine engine, Tokenizer tokenizer, Tool tool, RolloutOptions options) {
        this.engine = engine;
        this.tokenizer = tokenizer;
        this.tool = tool;
        this.options = options;
        this.budget = options.budget();
        if (tokenizer == null && (tool != null || budget.active())) {
            throw new IllegalArgumentException("tool calls and budget forcing need a tokenizer, and this model has none");
        }
        this.forcedEnd = budget.active() ? tokenizer.encode(budget.endOfThinking() + budget.answerPrompt(), false) : new int[0];
        this.extension = budget.numExtend() > 0 ? tokenizer.encode(budget.extension(), false) : new int[0];
    }

    /** Rolls out every request in one batch and returns the trajectories in request order. */
    public List<Trajectory> run(List<RolloutRequest> requests) {
        try (LiveBatch batch = engine.newBatch(); ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            return new Pass(batch, calls).run(requests);
        }
    }

    /** A tool call that came back. */
    private record Result(LiveResponse response, ToolCall call, ToolResult result) {}

    /** One call of {@link #run}: the batch, the running tool calls and every sequence's state. */
    private final class Pass {
        private final LiveBatch batch;
        private final ExecutorService calls;
        private final BlockingQueue<Result> results = new LinkedBlockingQueue<>();
        private final List<LiveResponse> responses = new ArrayList<>();
        private int waiting;

        Pass(LiveBatch batch, ExecutorService calls) {
            this.batch = batch;
            this.calls = calls;
        }

        List<Trajectory> run(List<RolloutRequest> requests) {
            for (RolloutRequest q : requests) {
                LiveResponse r = new LiveResponse(responses.size(), q, budget.active());
                int index = batch.add(q.promptIds(), turnParams(r, q.promptIds().length).withSeed(q.seed()));
                if (index != r.index) throw new IllegalStateException("the batch numbered a new sequence " + index + ", expected " + r.index);
                responses.add(r);
            }
            while (true) {
                batch.step();
                for (LiveResponse r : responses) {
                    if (r.generating() && batch.finishReason(r.index) != null) onTurnEnd(r);
                }
                for (Result done; (done = results.poll()) != null; ) onResult(done);
                if (responses.stream().noneMatch(LiveResponse::generating)) {
                    if (waiting == 0) break;
                    try {
                        onResult(results.take()); // every sequence waits for a tool: nothing to decode meanwhile
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("the rollout was interrupted while waiting for tool calls", e);
                    }
                }
            }
            return responses.stream().map(r -> r.trajectory).toList();
        }

        /** A turn stopped: on a stop token, a call's end, the end of thinking, or a length limit. */
        private void onTurnEnd(LiveResponse r) {
            int[] tokens = batch.tokens(r.index);
            int turnStart = batch.turnStart(r.index);
            if (r.thinking) r.thinkingTokens += tokens.length - turnStart;
            FinishReason why = batch.finishReason(r.index);
            String stop = batch.matchedStop(r.index);
            if (why == FinishReason.STOP && stop == null) {
                finish(r, RolloutFinish.STOP);
            } else if (why == FinishReason.STOP && r.thinking && stop.equals(budget.endOfThinking())) {
                onEndOfThinking(r, tokens, turnStart);
            } else if (why == FinishReason.STOP) {
                onCallEnd(r, tokens);
            } else if (r.thinking && budget.thinkingLeft(r.thinkingTokens) == 0 && room(r, tokens.length) > 0) {
                continueWith(r, new int[0]); // the thinking budget is spent: continueWith forces the delimiter
            } else {
                finish(r, RolloutFinish.LENGTH);
            }
        }

        /**
         * s1: suppress an early delimiter (drop it, insert the extension), or let thinking end. The
         * minimum is compared with the thinking before the delimiter.
         */
        private void onEndOfThinking(LiveResponse r, int[] tokens, int turnStart) {
            int keep = delimiterStart(tokens, turnStart);
            int before = r.thinkingTokens - (tokens.length - keep);
            if (!budget.extendsAt(before, r.extensions)) {
                r.thinking = false;
                continueWith(r, new int[0]);
                return;
            }
            r.thinkingTokens = before;
            batch.truncate(r.index, keep);
            r.extensions++;
            continueWith(r, extension);
        }

        /** The first token of the turn that holds part of the delimiter: the turn is cut there. */
        private int delimiterStart(int[] tokens, int turnStart) {
            int at = tokenizer.decode(tokens, turnStart, tokens.length, false).indexOf(budget.endOfThinking());
            // The largest k whose first k tokens decode to text that ends before the delimiter.
            int lo = 0, hi = tokens.length - turnStart;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (tokenizer.decode(tokens, turnStart, turnStart + mid, false).length() <= at) lo = mid;
                else hi = mid - 1;
            }
            return turnStart + lo;
        }

        private void onCallEnd(LiveResponse r, int[] tokens) {
            String text = tokenizer.decode(tokens, r.segmentStart, tokens.length, false);
            Optional<ToolCall> found = options.format().callAtEnd(text, tool);
            if (found.isEmpty()) {
                continueWith(r, new int[0]); // a stop text that does not close a call, e.g. an opening fence
            } else if (r.calls.size() >= options.maxToolCalls()) {
                finish(r, RolloutFinish.TOOL_LIMIT);
            } else {
                ToolCall call = found.get();
                r.waiting = true;
                waiting++;
                calls.execute(() -> results.add(new Result(r, call, execute(call))));
            }
        }

        private void onResult(Result done) {
            LiveResponse r = done.response();
            r.waiting = false;
            waiting--;
            String output = done.result().text(options.maxOutputChars());
            int[] inserted = tokenizer.encode(options.format().resultText(done.call(), output), false);
            int size = batch.tokens(r.index).length;
            r.calls.add(new ToolCallRecord(done.call().input() != null ? done.call().input() : "", output,
                    done.result().status(), done.result().wallMillis(), size - r.promptLength(),
                    Math.min(inserted.length, room(r, size))));
            continueWith(r, inserted);
        }

        /**
         * Inserts {@code given} (mask 0) and resumes the sequence; with the thinking budget spent, the
         * end-of-thinking delimiter and answer prompt are inserted too. What does not fit in the
         * response limit is cut, and the trajectory ends there.
         */
        private void continueWith(LiveResponse r, int[] given) {
            int[] insert = given;
            if (r.thinking && budget.thinkingLeft(r.thinkingTokens) == 0) {
                insert = concat(given, forcedEnd);
                r.thinking = false;
            }
            int size = batch.tokens(r.index).length, room = room(r, size);
            if (insert.length >= room) {
                batch.append(r.index, Arrays.copyOf(insert, room), options.sampling().withMaxNewTokens(0));
                finish(r, RolloutFinish.LENGTH);
                return;
            }
            batch.append(r.index, insert, turnParams(r, size + insert.length));
            if (insert.length > 0) r.segmentStart = size + insert.length;
        }

        /** Tokens the response may still grow by, within the response limit and the model's context. */
        private int room(LiveResponse r, int size) {
            return Math.min(options.maxResponseTokens() - (size - r.promptLength()), batch.contextLimit() - size);
        }

        /** A turn's sampling: up to the room left (and the thinking budget), pausing at call ends and the delimiter. */
        private SamplingParams turnParams(LiveResponse r, int size) {
            int max = room(r, size);
            List<String> stops = new ArrayList<>();
            if (tool != null) stops.addAll(options.format().callEnds());
            if (r.thinking) {
                max = Math.min(max, budget.thinkingLeft(r.thinkingTokens));
                stops.add(budget.endOfThinking());
            }
            SamplingParams s = options.sampling();
            return s.withMaxNewTokens(max).withStops(s.stopTokenIds(), stops);
        }

        private ToolResult execute(ToolCall call) {
            if (call.error() != null) return new ToolResult(ToolStatus.ERROR, "", call.error() + "\n", 1, 0);
            long started = System.nanoTime();
            try {
                return tool.execute(call.input());
            } catch (RuntimeException e) {
                return ToolResult.sandboxError(call.name() + " failed: " + e.getMessage(), (System.nanoTime() - started) / 1e6);
            }
        }

        private void finish(LiveResponse r, RolloutFinish reason) {
            int[] all = batch.tokens(r.index);
            boolean[] sampled = batch.sampledMask(r.index);
            float[] logprobs = batch.logprobs(r.index);
            int p = r.promptLength(), n = all.length - p;
            int[] mask = new int[n];
            float[] behaviour = new float[n];
            for (int t = 0; t < n; t++) {
                mask[t] = sampled[p + t] ? 1 : 0;
                behaviour[t] = sampled[p + t] ? logprobs[p + t] : 0f;
            }
            r.trajectory = new Trajectory(r.request.groupId(), r.request.promptIds(), Arrays.copyOfRange(all, p, all.length),
                    mask, behaviour, r.calls, reason, r.thinkingTokens, r.extensions);
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
