package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gradient accumulation: four micro-batches, each with its cross-entropy normalised by the tokens of
 * all four, give the loss and the gradient of one batch four times as large (so the same update).
 */
class GradientAccumulationTest {

    /** rows × length tokens of random documents with random masks (some rows packed with two documents). */
    static TokenBatch randomBatch(int rows, int length, int vocab, SplittableRandom r) {
        int n = rows * length;
        int[] tokens = new int[n], positions = new int[n], targets = new int[n];
        float[] mask = new float[n];
        for (int row = 0; row < rows; row++) {
            int split = r.nextBoolean() ? length : 2 + r.nextInt(length - 3); // second document starts here
            for (int i = 0; i < length; i++) {
                int t = row * length + i;
                tokens[t] = r.nextInt(vocab);
                positions[t] = i < split ? i : i - split;
            }
            for (int i = 0; i < length; i++) {
                int t = row * length + i;
                boolean last = i == length - 1 || i == split - 1;
                targets[t] = last ? -1 : tokens[t + 1];
                mask[t] = last || r.nextInt(4) == 0 ? 0f : 1f;
            }
        }
        return new TokenBatch(rows, length, tokens, positions, targets, mask);
    }

    static TokenBatch concatenate(TokenBatch... parts) {
        int length = parts[0].length(), rows = 0;
        for (TokenBatch p : parts) rows += p.rows();
        int n = rows * length, at = 0;
        int[] tokens = new int[n], positions = new int[n], targets = new int[n];
        float[] mask = new float[n];
        for (TokenBatch p : parts) {
            System.arraycopy(p.tokens(), 0, tokens, at, p.size());
            System.arraycopy(p.positions(), 0, positions, at, p.size());
            System.arraycopy(p.targets(), 0, targets, at, p.size());
            System.arraycopy(p.mask(), 0, mask, at, p.size());
            at += p.size();
        }
        return new TokenBatch(rows, length, tokens, positions, targets, mask);
    }

    @Test
    void fourMicroBatchesGiveTheUpdateOfOneBatchFourTimesAsLarge() {
        ModelConfig config = TestModels.qwen2(37, 32, 2, 4, 2, 48, false);
        ParameterLayout layout = ParameterLayout.of(config, false);
        float[] start = layout.copyOf(TestModels.randomWeights(config, false, 11, Arena.ofAuto()));
        SplittableRandom r = new SplittableRandom(5);
        TokenBatch[] micro = new TokenBatch[4];
        for (int i = 0; i < 4; i++) micro[i] = randomBatch(3, 20, config.vocabSize(), r);
        TokenBatch whole = concatenate(micro);

        float[] big = start.clone();
        TrainableDecoder one = new TrainableDecoder(layout, big, whole.size());
        one.zeroGradients();
        CrossEntropyLoss loss = CrossEntropyLoss.of(whole, one.forward(whole));
        one.backward(loss.gradient());

        float[] accumulated = start.clone();
        TrainableDecoder four = new TrainableDecoder(layout, accumulated, micro[0].size());
        double tokens = 0, summed = 0;
        for (TokenBatch b : micro) for (float m : b.mask()) tokens += m;
        four.zeroGradients();
        for (TokenBatch b : micro) {
            CrossEntropyLoss part = CrossEntropyLoss.of(b, four.forward(b), tokens);
            four.backward(part.gradient());
            summed += part.loss();
        }
        assertThat(summed).isCloseTo(loss.loss(), org.assertj.core.data.Offset.offset(1e-5));
        double scale = 0;
        for (float g : one.gradients()) scale = Math.max(scale, Math.abs(g));
        assertThat(scale).isGreaterThan(1e-3);
        for (int i = 0; i < big.length; i++) {
            assertThat((double) four.gradients()[i]).isCloseTo(one.gradients()[i], org.assertj.core.data.Offset.offset(1e-5 * scale));
        }

    }
}
