package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reason4j.tensor.LogSoftmax;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainableDecoderTest {
    static final ModelConfig QWEN = TestModels.qwen2(40, 32, 2, 4, 2, 48, false);
    static final ModelConfig LLAMA_TIED = TestModels.llama(40, 24, 2, 2, 2, 12, 40, true, null);

    @Test
    void targetLogProbsAndValuesEqualTheInferenceDecodersOnEachDocument() {
        for (ModelConfig config : new ModelConfig[] {QWEN, LLAMA_TIED}) {
            ParameterLayout layout = ParameterLayout.of(config, true);
            float[] parameters = TrainableDecoderGradientTest.randomParameters(layout, 3);
            TokenBatch batch = TrainingBatches.packed(config.vocabSize(), 5);
            TokenOutputs outputs = new TrainableDecoder(layout, parameters, batch.size()).forward(batch);

            Decoder decoder = new Decoder(layout.weightsOver(parameters));
            KvCache cache = new KvCache(config);
            int vocab = config.vocabSize(), checked = 0;
            for (int start = 0; start < batch.size(); ) {
                int end = start + 1;
                while (end < batch.size() && batch.positions()[end] != 0) end++;
                int[] document = Arrays.copyOfRange(batch.tokens(), start, end);
                int slot = cache.allocate();
                int[] slots = new int[document.length], positions = new int[document.length];
                Arrays.fill(slots, slot);
                for (int i = 0; i < document.length; i++) positions[i] = i;
                float[] logits = new float[document.length * vocab], values = new float[document.length];
                decoder.forward(document, slots, positions, document.length, cache, null, logits, values);
                cache.release(slot);
                for (int i = 0; i < document.length; i++) {
                    int t = start + i, target = batch.targets()[t];
                    assertThat(outputs.values()[t]).as("value of token %d", t).isCloseTo(values[i], org.assertj.core.data.Offset.offset(1e-5f));
                    if (target < 0) continue;
                    double[] logp = new double[vocab];
                    LogSoftmax.forward(logits, i * vocab, vocab, logp, 0);
                    assertThat((double) outputs.targetLogProbs()[t]).as("log-prob of token %d's target", t)
                            .isCloseTo(logp[target], org.assertj.core.data.Offset.offset(1e-5));
                    checked++;
                }
                start = end;
            }
            assertThat(checked).isGreaterThan(15);
        }
    }

    @Test
    void maskedTargetsAndTokensAfterADocumentEndDoNotChangeTheGradient() {
        ParameterLayout layout = ParameterLayout.of(QWEN, true);
        float[] parameters = TrainableDecoderGradientTest.randomParameters(layout, 4);
        TrainableDecoder decoder = new TrainableDecoder(layout, parameters, 64);
        TokenBatch batch = TrainingBatches.packed(QWEN.vocabSize(), 6);
        float[] expected = gradientOfCrossEntropy(decoder, batch);

        int[] tokens = batch.tokens().clone(), targets = batch.targets().clone();
        for (int t = 0; t < batch.size(); t++) {
            if (TrainingBatches.isPadding(t)) tokens[t] = (tokens[t] + 17) % QWEN.vocabSize();
            if (batch.mask()[t] == 0f && targets[t] >= 0) targets[t] = (targets[t] + 5) % QWEN.vocabSize();
        }
        assertThat(targets).isNotEqualTo(batch.targets()); // the prompt's targets did change
        float[] actual = gradientOfCrossEntropy(decoder, new TokenBatch(batch.rows(), batch.length(), tokens, batch.positions(), targets, batch.mask()));
        assertThat(maxDifference(actual, expected)).isZero();

        // ... whereas a token inside a document does change it (so the comparison above can fail)
        tokens[3] = (tokens[3] + 1) % QWEN.vocabSize();
        float[] changed = gradientOfCrossEntropy(decoder, new TokenBatch(batch.rows(), batch.length(), tokens, batch.positions(), targets, batch.mask()));
        assertThat(maxDifference(changed, expected)).isGreaterThan(1e-4f);
    }

    @Test
    void gradientsAccumulateOverMicroBatchesUntilZeroed() {
        ParameterLayout layout = ParameterLayout.of(LLAMA_TIED, false);
        float[] parameters = TrainableDecoderGradientTest.randomParameters(layout, 8);
        TrainableDecoder decoder = new TrainableDecoder(layout, parameters, 26);
        TokenBatch first = TrainingBatches.packed(LLAMA_TIED.vocabSize(), 1), second = TrainingBatches.packed(LLAMA_TIED.vocabSize(), 2);
        float[] a = gradientOfCrossEntropy(decoder, first), b = gradientOfCrossEntropy(decoder, second);
        decoder.zeroGradients();
        decoder.backward(CrossEntropyLoss.of(first, decoder.forward(first)).gradient());
        decoder.backward(CrossEntropyLoss.of(second, decoder.forward(second)).gradient());
        float[] sum = a.clone();
        for (int i = 0; i < sum.length; i++) sum[i] += b[i];
        assertThat(maxDifference(decoder.gradients(), sum)).isLessThan(1e-6f);
        decoder.zeroGradients();
        assertThat(maxDifference(decoder.gradients(), new float[sum.length])).isZero();
    }

    @Test
    void crossEntropyIsTheMaskedMeanNegativeLogLikelihood() {
        ParameterLayout layout = ParameterLayout.of(QWEN, false);
        TrainableDecoder decoder = new TrainableDecoder(layout, TrainableDecoderGradientTest.randomParameters(layout, 2), 26);
        TokenBatch batch = TrainingBatches.packed(QWEN.vocabSize(), 3);
        TokenOutputs outputs = decoder.forward(batch);
        double sum = 0, count = 0;
        for (int t = 0; t < batch.size(); t++) {
            if (batch.mask()[t] == 0f) continue;
            sum -= outputs.targetLogProbs()[t];
            count++;
        }
        CrossEntropyLoss ce = CrossEntropyLoss.of(batch, outputs);
        assertThat(ce.loss()).isCloseTo(sum / count, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ce.gradient().logProbCoefficients()[0]).isEqualTo((float) (-1 / count));
        assertThat(ce.gradient().logProbCoefficients()[13]).isZero(); // prompt
        assertThat(CrossEntropyLoss.of(batch, outputs, 2 * count).loss()).isCloseTo(sum / count / 2, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void refusesWhatItCannotCompute() {
        ParameterLayout layout = ParameterLayout.of(QWEN, false);
        TrainableDecoder decoder = new TrainableDecoder(layout, TrainableDecoderGradientTest.randomParameters(layout, 2), 20);
        TokenBatch batch = TrainingBatches.packed(QWEN.vocabSize(), 3);
        assertThatThrownBy(() -> decoder.forward(batch)).hasMessageContaining("at most 20");
        assertThatThrownBy(() -> decoder.backward(TokenLossGradient.ofLogProbs(new float[26]))).hasMessageContaining("forward first");
        TrainableDecoder big = new TrainableDecoder(layout, TrainableDecoderGradientTest.randomParameters(layout, 2), 26);
        big.forward(batch);
        float[] a = new float[26];
        a[12] = 1f; // padding: no target
        assertThatThrownBy(() -> big.backward(TokenLossGradient.ofLogProbs(a))).hasMessageContaining("token 12 has no target");
        assertThatThrownBy(() -> big.backward(new TokenLossGradient(new float[26], null, null, null, new float[26])))
                .hasMessageContaining("no value head");
    }

    @Test
    void aTemperatureActsAsAnLmHeadScaledByItsInverse() {
        // Untied: dividing the logits by T is the same model as an LM head multiplied by 1/T.
        ParameterLayout layout = ParameterLayout.of(QWEN, false);
        float[] parameters = TrainableDecoderGradientTest.randomParameters(layout, 11);
        ParameterLayout.Slot head = layout.slot("lm_head.weight");
        float[] scaled = parameters.clone();
        for (int i = head.offset(); i < head.offset() + head.size(); i++) scaled[i] /= 2.5f;
        TokenBatch batch = TrainingBatches.packed(QWEN.vocabSize(), 7);

        TrainableDecoder tempered = new TrainableDecoder(layout, parameters, batch.size());
        tempered.setTemperature(2.5);
        TrainableDecoder reference = new TrainableDecoder(layout, scaled, batch.size());
        TokenOutputs a = tempered.forward(batch), b = reference.forward(batch);
        for (int t = 0; t < batch.size(); t++) {
            assertThat(a.targetLogProbs()[t]).isCloseTo(b.targetLogProbs()[t], org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(a.entropies()[t]).isCloseTo(b.entropies()[t], org.assertj.core.data.Offset.offset(1e-5f));
        }
        tempered.zeroGradients();
        tempered.backward(CrossEntropyLoss.of(batch, a).gradient());
        reference.zeroGradients();
        reference.backward(CrossEntropyLoss.of(batch, b).gradient());
        float[] ga = tempered.gradients(), gb = reference.gradients();
        for (int i = 0; i < ga.length; i++) {
            // d/dW of L(W / T) is (1/T)·L'(W / T) on the head; every other gradient is the same
            float expected = i >= head.offset() && i < head.offset() + head.size() ? gb[i] / 2.5f : gb[i];
            assertThat(ga[i]).as("gradient %d", i).isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-5f));
        }
    }

    static float[] gradientOfCrossEntropy(TrainableDecoder decoder, TokenBatch batch) {
        decoder.zeroGradients();
        decoder.backward(CrossEntropyLoss.of(batch, decoder.forward(batch)).gradient());
        return decoder.gradients().clone();
    }

    static float maxDifference(float[] a, float[] b) {
        float worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        return worst;
    }
}
