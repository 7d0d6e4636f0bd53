package io.reason4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reason4j.model.Decoder;
import io.reason4j.model.KvCache;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.TestModels;
import io.reason4j.tensor.LogSoftmax;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class GenerationBatchTest {
    static final Arena ARENA = Arena.ofShared();
    static final ModelConfig CONFIG = TestModels.qwen2(90, 64, 2, 4, 2, 96, false);
    static final Decoder DECODER = new Decoder(TestModels.randomWeights(CONFIG, false, 11, ARENA));
    static final int VOCAB = CONFIG.vocabSize();

    @AfterAll
    static void free() {
        ARENA.close();
    }

    /** log-softmax at the last position of a full, uncached forward pass over {@code prefix}. */
    static double[] fullForwardLogprobs(int[] prefix) {
        float[] logits = DECODER.logitsOf(prefix, new KvCache(CONFIG));
        double[] out = new double[VOCAB];
        LogSoftmax.forward(logits, (prefix.length - 1) * VOCAB, VOCAB, out, 0);
        return out;
    }

    @Test
    void cachedDecodingEqualsAFullForwardPassAtEveryStep() {
        int[] prompt = TestModels.randomTokens(VOCAB, 7, 1);
        for (SamplingParams params : List.of(SamplingParams.greedy(25), SamplingParams.sample(25, 5))) {
            try (GenerationBatch batch = new GenerationBatch(DECODER, null)) {
                batch.add(prompt, params);
                batch.run();
                int[] all = batch.sequence(0).tokens();
                float[] logprobs = batch.sequence(0).logprobs();
                assertThat(all).hasSize(prompt.length + 25);
                for (int t = prompt.length; t < all.length; t++) {
                    double[] full = fullForwardLogprobs(Arrays.copyOf(all, t));
                    if (params.isGreedy()) {
                        int argmax = 0;
                        for (int v = 1; v < VOCAB; v++) if (full[v] > full[argmax]) argmax = v;
                        assertThat(all[t]).as("greedy token at %d", t).isEqualTo(argmax);
                    }
                    assertThat((double) logprobs[t]).as("log-prob at %d", t).isCloseTo(full[all[t]], org.assertj.core.data.Offset.offset(2e-5));
                }
            }
        }
    }

    @Test
    void batchedEqualsOneAtATime() {
        List<int[]> prompts = TestModels.randomSequences(VOCAB, 6, 1, 20, 3);
        int[][] alone = new int[prompts.size()][];
        float[][] aloneLogprobs = new float[prompts.size()][];
        for (int i = 0; i < prompts.size(); i++) {
            try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
                b.add(prompts.get(i), SamplingParams.sample(12 + i, 100 + i));
                b.run();
                alone[i] = b.sequence(0).tokens();
                aloneLogprobs[i] = b.sequence(0).logprobs();
            }
        }
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            for (int i = 0; i < prompts.size(); i++) b.add(prompts.get(i), SamplingParams.sample(12 + i, 100 + i));
            b.run();
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(b.sequence(i).tokens()).isEqualTo(alone[i]);
                assertThat(b.sequence(i).logprobs()).isEqualTo(aloneLogprobs[i]);
            }
        }
    }

    @Test
    void sameSeedSameOutputAndDifferentSeedsDiffer() {
        int[] prompt = {3, 4, 5};
        LocalEngine engine = new LocalEngine(DECODER, null);
        List<Completion> a = engine.generate(List.of(new GenerationRequest(prompt, SamplingParams.sample(30, 9)),
                new GenerationRequest(prompt, SamplingParams.sample(30, 10))));
        List<Completion> b = engine.generate(List.of(new GenerationRequest(prompt, SamplingParams.sample(30, 9))));
        assertThat(b.get(0).tokenIds()).isEqualTo(a.get(0).tokenIds());
        assertThat(a.get(1).tokenIds()).isNotEqualTo(a.get(0).tokenIds());
    }

    @Test
    void continuationAppendsGivenTokensAndResumesWithoutRecomputingThePrefix() {
        int[] prompt = TestModels.randomTokens(VOCAB, 9, 4);
        int[] toolOutput = {17, 18, 19, 20};
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            b.add(prompt, SamplingParams.greedy(6));
            b.run();
            assertThat(b.tokensFed()).isEqualTo(9 + 5);
            GenerationBatch.Sequence s = b.sequence(0);
            assertThat(s.finishReason()).isEqualTo(FinishReason.LENGTH);
            b.append(0, toolOutput, SamplingParams.greedy(5));
            b.run();
            // Only the last sampled token, the 4 given ones, and 4 of the 5 new ones go through the model.
            assertThat(b.tokensFed()).isEqualTo(9 + 5 + 1 + 4 + 4);
            int[] all = s.tokens();
            assertThat(Arrays.copyOfRange(all, 15, 19)).isEqualTo(toolOutput);
            boolean[] sampled = s.sampledMask();
            for (int t = 0; t < all.length; t++) {
                assertThat(sampled[t]).as("token %d sampled", t).isEqualTo(t >= 9 && t < 15 || t >= 19);
                assertThat(Float.isNaN(s.logprobs()[t])).isEqualTo(!sampled[t]);
            }
            // The resumed tokens are what a fresh full forward over the whole prefix would pick.
            for (int t = 19; t < all.length; t++) {
                double[] full = fullForwardLogprobs(Arrays.copyOf(all, t));
                assertThat((double) s.logprobs()[t]).isCloseTo(full[all[t]], org.assertj.core.data.Offset.offset(2e-5));
                for (int v = 0; v < VOCAB; v++) assertThat(full[v]).isLessThanOrEqualTo(full[all[t]]);
            }
        }
    }

    @Test
    void truncateDropsTheTurnsTailFromTheCacheAndResumesAsIfItWasNeverSampled() {
        int[] prompt = TestModels.randomTokens(VOCAB, 5, 6);
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            b.add(prompt, SamplingParams.sample(8, 3));
            b.run();
            b.truncate(0, 9);
            assertThat(b.tokens(0)).hasSize(9);
            b.append(0, new int[] {40, 41}, SamplingParams.sample(6, 3));
            b.run();
            int[] all = b.tokens(0);
            assertThat(all).hasSize(9 + 2 + 6);
            boolean[] sampled = b.sampledMask(0);
            for (int t = 9; t < all.length; t++) {
                if (!sampled[t]) continue;
                double[] full = fullForwardLogprobs(Arrays.copyOf(all, t));
                assertThat((double) b.logprobs(0)[t]).as("log-prob at %d", t).isCloseTo(full[all[t]], org.assertj.core.data.Offset.offset(2e-5));
            }
            assertThatThrownBy(() -> b.truncate(0, 4)).hasMessageContaining("prompt");
        }
    }

    /**
     * With a step's padding full of decoding sequences, a resumed sequence waits a few steps for
     * room (MAX_RESUME_DELAY), and then continues exactly as it would alone.
     */
    @Test
    void aResumedSequenceWaitsAtMostAFewStepsForRoomAndIsUnchangedByIt() {
        int[] prompt = TestModels.randomTokens(VOCAB, 5, 12);
        int[] appended = {30, 31, 32, 33};
        int[] alone;
        float[] aloneLogprobs;
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            b.add(prompt, SamplingParams.sample(3, 21));
            b.run();
            b.append(0, appended, SamplingParams.sample(6, 0));
            b.run();
            alone = b.tokens(0);
            aloneLogprobs = b.logprobs(0);
        }
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            b.add(prompt, SamplingParams.sample(3, 21));
            for (int i = 0; i < b.tokenMultiple; i++) b.add(TestModels.randomTokens(VOCAB, 5, 100 + i), SamplingParams.sample(40, i));
            while (b.finishReason(0) == null) b.step();
            b.append(0, appended, SamplingParams.sample(6, 0));
            int size = b.tokens(0).length, steps = 0;
            while (b.tokens(0).length == size) {
                b.step();
                steps++;
            }
            assertThat(steps).as("steps until the resumed sequence sampled again").isBetween(2, GenerationBatch.MAX_RESUME_DELAY + 1);
            b.run();
            assertThat(b.tokens(0)).isEqualTo(alone);
            assertThat(b.logprobs(0)).isEqualTo(aloneLogprobs);
        }
    }

    @Test
    void stopTokenEndsTheTurnAndIsKept() {
        int[] prompt = {1, 2, 3};
        int[] free;
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            b.add(prompt, SamplingParams.sample(40, 77));
            b.run();
            free = b.sequence(0).turnTokens();
        }
        int stop = free[5];
        int firstStop = 0;
        while (free[firstStop] != stop) firstStop++;
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            b.add(prompt, SamplingParams.sample(40, 77).withStops(Set.of(stop), List.of()));
            b.run();
            assertThat(b.sequence(0).turnTokens()).isEqualTo(Arrays.copyOf(free, firstStop + 1));
            assertThat(b.sequence(0).finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void longPromptsArePrefilledInChunksWithTheSameResult() {
        ModelConfig c = CONFIG;
        ModelConfig longContext = new ModelConfig(c.architecture(), c.vocabSize(), c.hiddenSize(), 1, c.numHeads(),
                c.numKvHeads(), c.headDim(), c.intermediateSize(), c.rmsNormEps(), c.ropeTheta(), null, false, true,
                8192, null, List.of());
        Decoder decoder = new Decoder(TestModels.randomWeights(longContext, false, 5, ARENA));
        int[] prompt = TestModels.randomTokens(VOCAB, GenerationBatch.MAX_TOKENS_PER_STEP + 37, 8);
        try (GenerationBatch b = new GenerationBatch(decoder, null)) {
            b.add(prompt, SamplingParams.greedy(1));
            b.run();
            float[] logits = decoder.logitsOf(prompt, new KvCache(longContext));
            double[] full = new double[VOCAB];
            LogSoftmax.forward(logits, (prompt.length - 1) * VOCAB, VOCAB, full, 0);
            int token = b.sequence(0).turnTokens()[0];
            assertThat((double) b.sequence(0).turnLogprobs()[0]).isCloseTo(full[token], org.assertj.core.data.Offset.offset(2e-5));
        }
        assertThatThrownBy(() -> new GenerationBatch(DECODER, null).add(new int[600], SamplingParams.greedy(1)))
                .hasMessageContaining("max_position_embeddings");
    }

    @Test
    void theDecoderRefusesPositionsThatLeaveAGap() {
        KvCache cache = new KvCache(CONFIG);
        int slot = cache.allocate();
        float[] logits = new float[2 * VOCAB];
        assertThatThrownBy(() -> DECODER.forward(new int[] {1, 2}, new int[] {slot, slot}, new int[] {0, 2}, 2, cache, null, logits, null))
                .hasMessageContaining("position 2").hasMessageContaining("gap");
        DECODER.forward(new int[] {1, 2}, new int[] {slot, slot}, new int[] {0, 1}, 2, cache, null, logits, null);
        assertThat(cache.length(slot)).isEqualTo(2);
    }

    @Test
    void stopStringsNeedATokenizer() {
        SamplingParams p = SamplingParams.greedy(3).withStops(Set.of(), List.of("x"));
        assertThatThrownBy(() -> new GenerationBatch(DECODER, null).add(new int[] {1}, p))
                .hasMessageContaining("tokenizer");
    }

    /**
     * Continuous batching, as the server does it: sequences join between steps while others decode,
     * and finished ones are released; each one's tokens are those it gets alone.
     */
    @Test
    void sequencesAddedBetweenStepsAndReleasedWhenDoneGetTheTokensTheyGetAlone() {
        List<int[]> prompts = TestModels.randomSequences(VOCAB, 5, 2, 12, 17);
        int[][] alone = new int[prompts.size()][];
        for (int i = 0; i < prompts.size(); i++) {
            try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
                b.add(prompts.get(i), SamplingParams.sample(10 + i, 50 + i));
                b.run();
                alone[i] = b.tokens(0);
            }
        }
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            int[][] together = new int[prompts.size()][];
            int added = 0, steps = 0, mostOpen = 0;
            while (added < prompts.size() || b.openCount() > 0) {
                if (added < prompts.size() && steps % 3 == 0) {
                    assertThat(b.add(prompts.get(added), SamplingParams.sample(10 + added, 50 + added))).isEqualTo(added);
                    added++;
                }
                b.step();
                steps++;
                for (int i = 0; i < added; i++) {
                    if (together[i] == null && b.finishReason(i) != null) {
                        together[i] = b.tokens(i);
                        b.release(i);
                    }
                }
                mostOpen = Math.max(mostOpen, b.openCount());
            }
            assertThat(mostOpen).as("the first finished before the last joined").isLessThan(prompts.size());
            for (int i = 0; i < prompts.size(); i++) assertThat(together[i]).as("sequence %d", i).isEqualTo(alone[i]);
            assertThatThrownBy(() -> b.tokens(0)).hasMessageContaining("sequence 0 was released");
            assertThat(b.step()).isFalse();
        }
    }

    @Test
    void aReleasedRunningSequenceFreesItsSlotAndTheOthersGoOnUnchanged() {
        int[] prompt = TestModels.randomTokens(VOCAB, 6, 21);
        int[] alone;
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            b.add(prompt, SamplingParams.sample(20, 4));
            b.run();
            alone = b.tokens(0);
        }
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            b.add(TestModels.randomTokens(VOCAB, 9, 22), SamplingParams.sample(40, 1));
            b.step();
            b.step();
            b.release(0); // a client that went away mid-generation
            assertThat(b.openCount()).isZero();
            assertThat(b.step()).isFalse();
            assertThat(b.add(prompt, SamplingParams.sample(20, 4))).isEqualTo(1);
            b.run();
            assertThat(b.tokens(1)).isEqualTo(alone);
        }
    }

    @Test
    void topLogprobsAreTheMostLikelyTokensOfAFullForwardPass() {
        int[] prompt = TestModels.randomTokens(VOCAB, 5, 31);
        try (GenerationBatch b = new GenerationBatch(DECODER, null)) {
            b.add(prompt, SamplingParams.greedy(6), 4);
            b.add(prompt, SamplingParams.greedy(6));
            b.run();
            GenerationBatch.Sequence s = b.sequence(0);
            assertThat(s.topLogprobsAt(2)).isNull();
            assertThat(b.sequence(1).topLogprobsAt(prompt.length)).isNull();
            for (int t = prompt.length; t < s.length(); t++) {
                double[] full = fullForwardLogprobs(Arrays.copyOf(s.tokens(), t));
                Integer[] order = new Integer[VOCAB];
                for (int v = 0; v < VOCAB; v++) order[v] = v;
                Arrays.sort(order, (x, y) -> Double.compare(full[y], full[x]));
                TopLogprobs top = s.topLogprobsAt(t);
                assertThat(top.size()).isEqualTo(4);
                assertThat(top.tokenIds()[0]).as("greedy picks the most likely").isEqualTo(s.tokenAt(t));
                assertThat(top.logprobs()[0]).isEqualTo(s.logprobAt(t));
                for (int j = 0; j < 4; j++) {
                    assertThat(top.tokenIds()[j]).isEqualTo(order[j]);
                    assertThat((double) top.logprobs()[j]).isCloseTo(full[order[j]], org.assertj.core.data.Offset.offset(2e-5));
                }
            }
        }
    }
}
