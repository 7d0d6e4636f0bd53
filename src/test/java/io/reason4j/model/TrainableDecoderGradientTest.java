package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole model's gradient against central differences of the independent float64 numpy
 * reference (src/test/python/reference_decoder.py, token_loss and loss_derivatives): random tiny
 * models of both families, a packed batch with two documents in a row, a prompt, padding, and a loss
 * with target log-prob, entropy, KL and value-head terms.
 */
class TrainableDecoderGradientTest {
    @TempDir Path dir;

    static ModelConfig llamaWithAttentionBias(int vocab, int hidden, int layers, int heads, int kvHeads, int headDim, int ffn) {
        return new ModelConfig(Architecture.LLAMA, vocab, hidden, layers, heads, kvHeads, headDim, ffn, 1e-5, 10000.0, null,
                false, true, 512, 1, List.of(2));
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("qwen2 GQA untied, value head", TestModels.qwen2(40, 32, 2, 4, 2, 48, false), true),
                Arguments.of("qwen2 tied, one kv head", TestModels.qwen2(40, 32, 2, 4, 1, 48, true), false),
                Arguments.of("llama MHA tied, value head", TestModels.llama(40, 24, 2, 2, 2, 12, 40, true, null), true),
                Arguments.of("llama attention_bias GQA untied, head_dim != hidden/heads", llamaWithAttentionBias(40, 24, 2, 4, 2, 8, 40), false));
    }

    /** The parameters of a random model as a flat array (a value head's bias, zero in the files, made non-zero). */
    static float[] randomParameters(ParameterLayout layout, long seed) {
        float[] flat = layout.copyOf(TestModels.randomWeights(layout.config(), layout.hasValueHead(), seed, Arena.ofAuto()));
        if (layout.hasValueHead()) flat[layout.slot(WeightLayout.VALUE_HEAD_BIAS).offset()] = 0.3f;
        return flat;
    }

    /** A loss with every kind of term on some of the masked-in tokens; zero on the others. */
    static TokenLossGradient randomLoss(TokenBatch batch, int vocab, boolean valueHead, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = batch.size();
        float[] a = new float[n], e = new float[n], k = new float[n], g = valueHead ? new float[n] : null;
        float[] reference = new float[n * vocab];
        for (int t = 0; t < n; t++) {
            double sum = 0;
            double[] p = new double[vocab];
            for (int v = 0; v < vocab; v++) sum += p[v] = 0.1 + r.nextDouble();
            for (int v = 0; v < vocab; v++) reference[t * vocab + v] = (float) Math.log(p[v] / sum);
            if (batch.mask()[t] == 0f) continue;
            a[t] = (float) r.nextDouble(-1, 1);
            if (t % 3 == 0) e[t] = (float) r.nextDouble(-1, 1);
            if (t % 4 == 1) k[t] = (float) r.nextDouble(-1, 1);
            if (g != null) g[t] = (float) r.nextDouble(-1, 1);
        }
        return new TokenLossGradient(a, e, k, reference, g);
    }

    /** Two random entries of every tensor, plus embedding rows of tokens in the batch (and, untied, one row that is not). */
    static List<Object[]> samplePairs(ParameterLayout layout, TokenBatch batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Object[]> pairs = new ArrayList<>();
        int hidden = layout.config().hiddenSize();
        for (ParameterLayout.Slot s : layout.slots()) {
            for (int i = 0; i < Math.min(2, s.size()); i++) pairs.add(new Object[] {s.name(), r.nextInt(s.size())});
        }
        for (int i = 0; i < 4; i++) {
            int token = batch.tokens()[r.nextInt(batch.size())];
            pairs.add(new Object[] {"model.embed_tokens.weight", token * hidden + r.nextInt(hidden)});
        }
        return pairs;
    }

    static Map<String, Object> referenceRequest(TokenBatch batch, TokenLossGradient loss, List<Object[]> pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", batch.rows());
        m.put("length", batch.length());
        m.put("tokens", batch.tokens());
        m.put("positions", batch.positions());
        m.put("targets", batch.targets());
        m.put("logprob", loss.logProbCoefficients());
        if (loss.entropyCoefficients() != null) m.put("entropy", loss.entropyCoefficients());
        if (loss.klCoefficients() != null) {
            m.put("kl", loss.klCoefficients());
            m.put("reference", loss.referenceLogProbs());
        }
        if (loss.valueGradients() != null) m.put("value", loss.valueGradients());
        m.put("pairs", pairs);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void gradientsMatchCentralDifferencesOfTheFloat64Reference(String name, ModelConfig config, boolean valueHead) throws Exception {
        ParameterLayout layout = ParameterLayout.of(config, valueHead);
        float[] parameters = randomParameters(layout, 42);
        Path modelDir = TestModels.write(dir.resolve("m"), layout.weightsOver(parameters), DType.F32, 0);
        TokenBatch batch = TrainingBatches.packed(config.vocabSize(), 7);
        TokenLossGradient loss = randomLoss(batch, config.vocabSize(), valueHead, 9);
        List<Object[]> pairs = samplePairs(layout, batch, 11);

        TrainableDecoder decoder = new TrainableDecoder(layout, parameters, 40);
        TokenOutputs outputs = decoder.forward(batch);
        float[] kl = decoder.klDivergences(loss.referenceLogProbs());
        decoder.backward(loss);
        JsonNode reference = ReferenceDecoder.loss(modelDir, referenceRequest(batch, loss, pairs));

        for (int t = 0; t < batch.size(); t++) {
            assertThat((double) outputs.targetLogProbs()[t]).as("log-prob of token %d's target", t)
                    .isCloseTo(reference.get("target_logprobs").get(t).asDouble(), org.assertj.core.data.Offset.offset(2e-5));
            assertThat((double) outputs.entropies()[t]).as("entropy at token %d", t)
                    .isCloseTo(reference.get("entropies").get(t).asDouble(), org.assertj.core.data.Offset.offset(2e-5));
            if (loss.klCoefficients()[t] != 0f) { // the reference computes the KL only where it is in the loss
                assertThat((double) kl[t]).as("KL at token %d", t)
                        .isCloseTo(reference.get("kl").get(t).asDouble(), org.assertj.core.data.Offset.offset(2e-5));
            }
            if (valueHead) {
                assertThat((double) outputs.values()[t]).as("value at token %d", t)
                        .isCloseTo(reference.get("values").get(t).asDouble(), org.assertj.core.data.Offset.offset(2e-5));
            }
        }
        double scale = 0;
        for (JsonNode d : reference.get("derivatives")) scale = Math.max(scale, Math.abs(d.asDouble()));
        double worst = 0;
        for (int i = 0; i < pairs.size(); i++) {
            String tensor = (String) pairs.get(i)[0];
            int index = (Integer) pairs.get(i)[1];
            double expected = reference.get("derivatives").get(i).asDouble();
            double actual = decoder.gradients()[layout.slot(tensor).offset() + index];
            worst = Math.max(worst, Math.abs(actual - expected) / (Math.abs(expected) + 1e-3 * scale));
            // float32 forward and backward against float64 differences: relative 1e-3, or 1e-5 of the largest gradient
            assertThat(actual).as("d loss / d %s[%d]", tensor, index)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3 * Math.abs(expected) + 1e-5 * scale));
        }
        System.out.printf("%s: %d derivatives, largest %.3g, worst relative error %.2g%n", name, pairs.size(), scale, worst);
    }
}
