package io.reason4j.rollout;

import static io.reason4j.rollout.TinyTokenizer.EOS;
import static io.reason4j.rollout.TinyTokenizer.TOKENIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.engine.GenerationRequest;
import io.reason4j.engine.LocalEngine;
import io.reason4j.engine.SamplingParams;
import io.reason4j.model.Decoder;
import io.reason4j.model.KvCache;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.TestModels;
import io.reason4j.text.TinyTokenizerFixture;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Rollouts on a real (random) decoder with the KV cache continued across tool output, forced
 * delimiters and suppressed ones: the recorded behaviour log-probs must be what a fresh full
 * forward pass over the final sequence gives, and the mask must be 0 exactly on inserted text.
 */
class BehaviourLogprobTest {
    static final Arena ARENA = Arena.ofShared();
    static final ModelConfig CONFIG = TestModels.qwen2(TinyTokenizerFixture.VOCAB_SIZE, 64, 2, 4, 2, 96, false);
    static final Decoder DECODER = new Decoder(TestModels.randomWeights(CONFIG, false, 21, ARENA));
    static final double TEMPERATURE = 0.8;
    static final SamplingParams SAMPLING = new SamplingParams(TEMPERATURE, 1.0, 0, 0, 0, Set.of(EOS), List.of());

    @AfterAll
    static void free() {
        ARENA.close();
    }

    /**
     * The three printable characters this random model samples most often: as the code markers and
     * the end-of-thinking delimiter they make calls and forcing happen often in a short test.
     */
    static String[] frequentCharacters(LocalEngine engine) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) requests.add(new GenerationRequest(new int[] {TinyTokenizerFixture.IM_START}, SAMPLING.withMaxNewTokens(100).withSeed(i)));
        int[] counts = new int[128];
        engine.generate(requests).forEach(c -> Arrays.stream(c.tokenIds()).filter(t -> t > ' ' && t < 127).forEach(t -> counts[t]++));
        return IntStream.range(0, 128).boxed().sorted((a, b) -> counts[b] - counts[a]).limit(3)
                .map(t -> Character.toString(t)).toArray(String[]::new);
    }

    @Test
    void behaviourLogprobsEqualAFreshFullForwardPassAtEveryPolicyToken() {
        LocalEngine engine = new LocalEngine(DECODER, TOKENIZER);
        String[] c = frequentCharacters(engine);
        InlineToolFormat format = new InlineToolFormat(c[0], c[1], "[", "]");
        BudgetForcing budget = new BudgetForcing(c[2], 60, "=", 0, "Wait", 2);
        ScriptedTool tool = new ScriptedTool(code -> "ran " + code.length() + "\n");
        RolloutOptions options = new RolloutOptions(SAMPLING, 150, format, 3, 100, budget);
        List<RolloutRequest> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) requests.add(new RolloutRequest(TestModels.randomTokens(256, 3 + i % 4, i), 100 + i, i / 4));
        List<Trajectory> trajectories = new Rollout(engine, TOKENIZER, tool, options).run(requests);

        int checked = 0, afterInsertion = 0, calls = 0, extensions = 0, forced = 0;
        int vocab = CONFIG.vocabSize();
        for (Trajectory t : trajectories) {
            int[] all = t.allIds();
            int p = t.promptIds().length;
            float[] logits = DECODER.logitsOf(all, new KvCache(CONFIG));
            for (int i = 0; i < t.responseIds().length; i++) {
                if (t.lossMask()[i] == 0) {
                    assertThat(t.logprobs()[i]).isZero();
                    continue;
                }
                int row = (p + i - 1) * vocab;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int v = 0; v < vocab; v++) max = Math.max(max, logits[row + v] / TEMPERATURE);
                for (int v = 0; v < vocab; v++) sum += Math.exp(logits[row + v] / TEMPERATURE - max);
                double expected = logits[row + all[p + i]] / TEMPERATURE - max - Math.log(sum);
                assertThat((double) t.logprobs()[i]).as("log-prob of response token %d", i).isCloseTo(expected, Offset.offset(3e-5));
                checked++;
                if (i > 0 && t.lossMask()[i - 1] == 0) afterInsertion++;
            }
            assertInsertedRunsAreExactlyTheSystemsText(t, format, budget);
            calls += t.toolCalls().size();
            extensions += t.extensions();
            if (t.thinkingTokens() == budget.maxThinkingTokens()) forced++;
            assertThat(t.thinkingTokens()).isLessThanOrEqualTo(budget.maxThinkingTokens());
            assertThat(t.extensions()).isLessThanOrEqualTo(budget.numExtend());
            assertThat(t.responseIds().length).isLessThanOrEqualTo(options.maxResponseTokens());
        }
        String seen = "markers " + Arrays.toString(c) + ": " + calls + " calls, " + extensions + " extensions, " + forced + " forced ends";
        assertThat(calls).as(seen).isPositive();
        assertThat(extensions).as(seen).isPositive();
        assertThat(forced).as(seen).isPositive();
        assertThat(afterInsertion).as(seen).isGreaterThan(5);
        assertThat(checked).isGreaterThan(1000);
    }

    /** Every run of mask-0 tokens is a tool result at its call's position, an extension, or a forced end. */
    static void assertInsertedRunsAreExactlyTheSystemsText(Trajectory t, InlineToolFormat format, BudgetForcing budget) {
        String forcedEnd = budget.endOfThinking() + budget.answerPrompt();
        int[] ids = t.responseIds(), mask = t.lossMask();
        for (int i = 0; i < ids.length; ) {
            if (mask[i] == 1) {
                i++;
                continue;
            }
            int end = i;
            while (end < ids.length && mask[end] == 0) end++;
            String text = TOKENIZER.decode(Arrays.copyOfRange(ids, i, end), false);
            int start = i;
            var call = t.toolCalls().stream().filter(c -> c.position() == start).findFirst();
            if (call.isPresent()) {
                String result = format.resultText(null, call.get().output());
                assertThat(text).as("tool result at %d", i).isIn(result, result + forcedEnd,
                        TOKENIZER.decode(Arrays.copyOf(TOKENIZER.encode(result), end - i), false));
            } else {
                assertThat(text).as("forced text at %d", i).isIn(budget.extension(), forcedEnd);
            }
            i = end;
        }
        int inserted = 0;
        for (int m : mask) inserted += 1 - m;
        assertThat(t.policyTokens()).isEqualTo(ids.length - inserted);
    }
}
