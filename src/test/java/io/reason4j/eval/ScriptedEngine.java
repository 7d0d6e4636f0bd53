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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * An engine whose "model" writes a scripted response in one step: {@code script(promptText, seed)}.
 * It counts the sequences it was given, and can fail on a chosen batch, as an interrupted run would.
 */
final class ScriptedEngine implements Engine {
    private final Tokenizer tokenizer;
    private final BiFunction<String, Long, String> script;
    final AtomicInteger sequences = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();
    int failOnBatch = -1;

    ScriptedEngine(Tokenizer tokenizer, BiFunction<String, Long, String> script) {
        this.tokenizer = tokenizer;
        this.script = script;
    }

    @Override
    public List<Completion> generate(List<GenerationRequest> requests) {
        throw new UnsupportedOperationException("evaluation rolls out through live batches");
    }

    @Override
    public LiveBatch newBatch() {
        if (batches.getAndIncrement() == failOnBatch) throw new IllegalStateException("interrupted");
        return new Batch();
    }

    private final class Batch implements LiveBatch {
        private final List<int[]> tokens = new ArrayList<>();
        private final List<Integer> starts = new ArrayList<>();
        private final List<long[]> seeds = new ArrayList<>();
        private final List<Boolean> running = new ArrayList<>();

        @Override
        public int add(int[] promptIds, SamplingParams params) {
            sequences.incrementAndGet();
            tokens.add(promptIds.clone());
            starts.add(promptIds.length);
            seeds.add(new long[] {params.seed()});
            running.add(true);
            return tokens.size() - 1;
        }

        @Override
        public boolean step() {
            boolean any = false;
            for (int i = 0; i < tokens.size(); i++) {
                if (!running.get(i)) continue;
                any = true;
                String prompt = tokenizer.decode(tokens.get(i), 0, starts.get(i), false);
                int[] out = tokenizer.encode(script.apply(prompt, seeds.get(i)[0]), false);
                int[] all = Arrays.copyOf(tokens.get(i), tokens.get(i).length + out.length);
                System.arraycopy(out, 0, all, tokens.get(i).length, out.length);
                tokens.set(i, all);
                running.set(i, false);
            }
            return any;
        }

        @Override
        public void append(int index, int[] given, SamplingParams params) {
            throw new UnsupportedOperationException("scripted responses make no tool calls");
        }

        @Override
        public void truncate(int index, int length) {
            tokens.set(index, Arrays.copyOf(tokens.get(index), length));
        }

        @Override
        public int[] tokens(int index) {
            return tokens.get(index).clone();
        }

        @Override
        public boolean[] sampledMask(int index) {
            boolean[] m = new boolean[tokens.get(index).length];
            Arrays.fill(m, starts.get(index), m.length, true);
            return m;
        }

        @Override
        public float[] logprobs(int index) {
            float[] l = new float[tokens.get(index).length];
            Arrays.fill(l, 0, starts.get(index), Float.NaN);
            Arrays.fill(l, starts.get(index), l.length, -1f);
            return l;
        }

        @Override
        public int turnStart(int index) {
            return starts.get(index);
        }

        @Override
        public FinishReason finishReason(int index) {
            return running.get(index) ? null : FinishReason.STOP;
        }

        @Override
        public String matchedStop(int index) {
            return null;
        }

        @Override
        public int contextLimit() {
            return 1 << 20;
        }

        @Override
        public void close() {}
    }
}
