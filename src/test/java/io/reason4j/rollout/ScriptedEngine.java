package io.reason4j.rollout;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in policy for exact expectations: sequence i "samples" the tokens of script i in order,
 * one per step, then its stop token forever. Dropped tokens are not sampled again (the policy moves
 * on, as a model does after "Wait"). Stops, stop strings and length limits behave as the local
 * engine's. Sampled token j of the script gets log-probability -(j + 1) / 100.
 */
final class ScriptedEngine implements Engine {
    private final Tokenizer tokenizer;
    private final List<String> scripts;
    private final int eos;
    /** Indexes of sequences that sampled their stop token, for tests that watch decoding go on during a tool call. */
    final Set<Integer> stopped = ConcurrentHashMap.newKeySet();

    ScriptedEngine(Tokenizer tokenizer, int eos, String... scripts) {
        this.tokenizer = tokenizer;
        this.eos = eos;
        this.scripts = List.of(scripts);
    }

    @Override
    public List<Completion> generate(List<GenerationRequest> requests) {
        throw new UnsupportedOperationException();
    }

    @Override
    public LiveBatch newBatch() {
        return new Batch();
    }

    private final class Batch implements LiveBatch {
        private final class Seq {
            final int[] script;
            int next;
            final List<Integer> tokens = new ArrayList<>();
            final List<Boolean> sampled = new ArrayList<>();
            final List<Float> logprobs = new ArrayList<>();
            int promptLength, turnStart;
            SamplingParams params;
            FinishReason finish;
            String matched;

            Seq(int[] script) {
                this.script = script;
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
            Seq s = new Seq(tokenizer.encode(scripts.get(seqs.size()), false));
            for (int t : promptIds) push(s, t, false, Float.NaN);
            s.promptLength = promptIds.length;
            s.open(params);
            seqs.add(s);
            return seqs.size() - 1;
        }

        private void push(Seq s, int token, boolean sampled, float logprob) {
            s.tokens.add(token);
            s.sampled.add(sampled);
            s.logprobs.add(logprob);
        }

        @Override
        public boolean step() {
            boolean any = false;
            for (Seq s : seqs) {
                if (s.finish != null) continue;
                any = true;
                int token = s.next < s.script.length ? s.script[s.next] : eos;
                push(s, token, true, -(s.next + 1) / 100f);
                s.next++;
                String turn = tokenizer.decode(ints(s.tokens.subList(s.turnStart, s.tokens.size())), false);
                if (s.params.stopTokenIds().contains(token)) {
                    s.finish = FinishReason.STOP;
                    stopped.add(seqs.indexOf(s));
                } else if (s.params.stopStrings().stream().anyMatch(turn::contains)) {
                    s.finish = FinishReason.STOP;
                    s.matched = s.params.stopStrings().stream().filter(turn::contains).findFirst().orElseThrow();
                } else if (s.tokens.size() - s.turnStart >= s.params.maxNewTokens()) {
                    s.finish = FinishReason.LENGTH;
                }
            }
            return any;
        }

        @Override
        public void append(int index, int[] given, SamplingParams params) {
            Seq s = seqs.get(index);
            if (s.finish == null) throw new IllegalStateException("still generating");
            for (int t : given) push(s, t, false, Float.NaN);
            s.open(params);
        }

        @Override
        public void truncate(int index, int length) {
            Seq s = seqs.get(index);
            if (s.finish == null || length < s.promptLength) throw new IllegalStateException("cannot truncate");
            s.tokens.subList(length, s.tokens.size()).clear();
            s.sampled.subList(length, s.sampled.size()).clear();
            s.logprobs.subList(length, s.logprobs.size()).clear();
        }

        @Override
        public int[] tokens(int index) {
            return ints(seqs.get(index).tokens);
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
            List<Float> l = seqs.get(index).logprobs;
            float[] out = new float[l.size()];
            for (int i = 0; i < out.length; i++) out[i] = l.get(i);
            return out;
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
            return 100_000;
        }

        @Override
        public void close() {}
    }

    static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The token ids of {@code text} followed by {@code more}, for hand-written expectations. */
    static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }
}
