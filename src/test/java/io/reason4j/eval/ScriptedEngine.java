package io.reason4j.eval;

import io.reason4j.engine.Completion;
import io.reason4j.engine.Engine;
import io.reason4j.engine.FinishReason;
import io.reason4j.engine.GenerationRequest;
import io.reason4j.engine.LiveBatch;
import io.reason4j.engine.SamplingParams;
import io.reason4j.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * An engine whose "model" writes {@code script(promptText, seed)}: each turn in one step, up to and
 * including the first stop string the rollout asked for (a tool call's end), then the rest after the
 * rollout appended the tool's output; the last turn ends with the stop token. A turn longer than its
 * token limit is cut there, as the local engine cuts it. It records the prompts it was given, and can fail on
 * a chosen batch, as an interrupted run would.
 */
public final class ScriptedEngine implements Engine {
    private final Tokenizer tokenizer;
    private final BiFunction<String, Long, String> script;
    private final int stopToken;
    public final AtomicInteger sequences = new AtomicInteger();
    public final AtomicInteger batches = new AtomicInteger();
    public final List<String> prompts = new CopyOnWriteArrayList<>();
    public int failOnBatch = -1;

    public ScriptedEngine(Tokenizer tokenizer, int stopToken, BiFunction<String, Long, String> script) {
        this.tokenizer = tokenizer;
        this.stopToken = stopToken;
        this.script = script;
    }

    @Override
    public List<Completion> generate(List<GenerationRequest> requests) {
        throw new UnsupportedOperationException("evaluation and distillation roll out through live batches");
    }

    @Override
    public LiveBatch newBatch() {
        if (batches.getAndIncrement() == failOnBatch) throw new IllegalStateException("interrupted");
        return new Batch();
    }

    private final class Batch implements LiveBatch {
        private final class Seq {
            final List<Integer> tokens = new ArrayList<>();
            final List<Boolean> sampled = new ArrayList<>();
            String rest;
            int turnStart;
            SamplingParams params;
            FinishReason finish;
            String matched;

            void push(int[] ids, boolean bySampling) {
                for (int t : ids) {
                    tokens.add(t);
                    sampled.add(bySampling);
                }
            }

            void open(SamplingParams p) {
                params = p;
                turnStart = tokens.size();
                finish = p.maxNewTokens() == 0 ? FinishReason.LENGTH : null;
                matched = null;
            }
        }

        private final List<Seq> seqs = new ArrayList<>();

        @Override
        public int add(int[] promptIds, SamplingParams params) {
            sequences.incrementAndGet();
            String prompt = tokenizer.decode(promptIds, false);
            prompts.add(prompt);
            Seq s = new Seq();
            s.push(promptIds, false);
            s.rest = script.apply(prompt, params.seed());
            s.open(params);
            seqs.add(s);
            return seqs.size() - 1;
        }

        @Override
        public boolean step() {
            boolean any = false;
            for (Seq s : seqs) {
                if (s.finish != null) continue;
                any = true;
                int cut = -1;
                String stop = null;
                for (String candidate : s.params.stopStrings()) {
                    int at = s.rest.indexOf(candidate);
                    if (at >= 0 && (cut < 0 || at + candidate.length() < cut)) {
                        cut = at + candidate.length();
                        stop = candidate;
                    }
                }
                String turn = cut < 0 ? s.rest : s.rest.substring(0, cut);
                s.rest = cut < 0 ? "" : s.rest.substring(cut);
                int[] ids = tokenizer.encode(turn, false);
                if (cut < 0) ids = Arrays.copyOf(ids, ids.length + 1);
                if (cut < 0) ids[ids.length - 1] = stopToken;
                if (ids.length > s.params.maxNewTokens()) {
                    s.push(Arrays.copyOf(ids, s.params.maxNewTokens()), true);
                    s.finish = FinishReason.LENGTH;
                } else {
                    s.push(ids, true);
                    s.finish = FinishReason.STOP;
                    s.matched = stop;
                }
            }
            return any;
        }

        @Override
        public void append(int index, int[] given, SamplingParams params) {
            Seq s = seqs.get(index);
            s.push(given, false);
            s.open(params);
        }

        @Override
        public void truncate(int index, int length) {
            Seq s = seqs.get(index);
            s.tokens.subList(length, s.tokens.size()).clear();
            s.sampled.subList(length, s.sampled.size()).clear();
        }

        @Override
        public int[] tokens(int index) {
            return seqs.get(index).tokens.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public boolean[] sampledMask(int index) {
            List<Boolean> b = seqs.get(index).sampled;
            boolean[] out = new boolean[b.size()];
            for (int i = 0; i < out.length; i++) out[i] = b.get(i);
            return out;
        }

        @Override
        public float[] logprobs(int index) {
            boolean[] sampled = sampledMask(index);
            float[] l = new float[sampled.length];
            for (int i = 0; i < l.length; i++) l[i] = sampled[i] ? -1f : Float.NaN;
            return l;
        }

        @Override
        public int turnStart(int index) {
            return seqs.get(index).turnStart;
        }

        @Override
        public FinishReason finishReason(int index) {
            return seqs.get(index).finish;
        }

        @Override
        public String matchedStop(int index) {
            return seqs.get(index).matched;
        }

        @Override
        public int contextLimit() {
            return 1 << 20;
        }

        @Override
        public void close() {}
    }
}
