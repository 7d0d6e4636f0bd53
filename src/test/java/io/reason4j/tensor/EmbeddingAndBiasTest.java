package io.reason4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The two linear layers with trivial gradients, against their definitions written out element by element. */
class EmbeddingAndBiasTest {
    @Test
    void lookupCopiesRowsAndBackwardSumsTheColumnsOfRepeatedTokens() {
        SplittableRandom r = new SplittableRandom(1);
        int vocab = 11, hidden = 40, count = 1000, ld = 1003, off = 5;
        float[] table = new float[off + vocab * hidden];
        for (int i = 0; i < table.length; i++) table[i] = (float) r.nextDouble(-1, 1);
        int[] tokens = new int[count];
        for (int t = 0; t < count; t++) tokens[t] = r.nextInt(vocab - 1); // the last row is never used
        float[] x = new float[hidden * ld];
        Embedding.forward(MemorySegment.ofArray(table), off, tokens, 0, 512, hidden, x, ld);
        Embedding.forward(MemorySegment.ofArray(table), off, tokens, 512, count, hidden, x, ld);
        for (int t = 0; t < count; t++) {
            for (int f = 0; f < hidden; f++) assertThat(x[f * ld + t]).isEqualTo(table[off + tokens[t] * hidden + f]);
        }

        float[] dx = new float[hidden * ld];
        for (int i = 0; i < dx.length; i++) dx[i] = (float) r.nextDouble(-1, 1);
        float[] dTable = new float[off + vocab * hidden];
        dTable[0] = 7f;
        Embedding.backward(dx, tokens, count, hidden, ld, dTable, off, 0, 16);
        Embedding.backward(dx, tokens, count, hidden, ld, dTable, off, 16, hidden);
        double[] expected = new double[vocab * hidden];
        for (int t = 0; t < count; t++) for (int f = 0; f < hidden; f++) expected[tokens[t] * hidden + f] += dx[f * ld + t];
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) dTable[off + i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(dTable[0]).isEqualTo(7f);
        for (int f = 0; f < hidden; f++) assertThat(dTable[off + (vocab - 1) * hidden + f]).isZero();
    }

    @Test
    void biasIsAddedToEveryValidColumnAndItsGradientSumsThem() {
        SplittableRandom r = new SplittableRandom(2);
        int rows = 33, count = 1500, ld = 1520;
        float[] bias = new float[rows + 2], y = new float[rows * ld], dy = new float[rows * ld];
        for (int i = 0; i < bias.length; i++) bias[i] = (float) r.nextDouble(-1, 1);
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) r.nextDouble(-1, 1);
            dy[i] = (float) r.nextDouble(-1, 1);
        }
        float[] before = y.clone();
        Bias.forward(MemorySegment.ofArray(bias), 2, y, rows, 0, 1024, ld);
        Bias.forward(MemorySegment.ofArray(bias), 2, y, rows, 1024, count, ld);
        for (int f = 0; f < rows; f++) {
            for (int t = 0; t < ld; t++) assertThat(y[f * ld + t]).isEqualTo(t < count ? before[f * ld + t] + bias[2 + f] : before[f * ld + t]);
        }
        float[] dBias = new float[rows + 1];
        dBias[1] = 1f;
        Bias.backward(dy, 0, 10, count, ld, dBias, 1);
        Bias.backward(dy, 10, rows, count, ld, dBias, 1);
        for (int f = 0; f < rows; f++) {
            double sum = f == 0 ? 1 : 0;
            for (int t = 0; t < count; t++) sum += dy[f * ld + t];
            assertThat((double) dBias[1 + f]).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-3));
        }
    }
}
