package io.reason4j.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Token embedding lookup into column layout, and its backward, a scatter-add into the table's
 * gradient (rows of tokens that occur several times receive the sum).
 */
public final class Embedding {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Embedding() {}

    /**
     * table (vocab, hidden) at float index tableOff; x (hidden, ld): {@code x[f, t] = table[tokens[t], f]}
     * for token columns [from, to).
     */
    public static void forward(MemorySegment table, long tableOff, int[] tokens, int from, int to, int hidden, float[] x, int ld) {
        // Feature by feature, so that the writes run along x's rows.
        for (int f = 0; f < hidden; f++) {
            int row = f * ld;
            for (int t = from; t < to; t++) x[row + t] = table.getAtIndex(F, tableOff + (long) tokens[t] * hidden + f);
        }
    }

    /**
     * dx (hidden, ld): {@code dTable[tokens[t], f] += dx[f, t]} over t &lt; count, for features
     * [f0, f1) only: threads split the features, so no two write the same float.
     */
    public static void backward(float[] dx, int[] tokens, int count, int hidden, int ld, float[] dTable, int dTableOff, int f0, int f1) {
        for (int f = f0; f < f1; f++) {
            int row = f * ld;
            for (int t = 0; t < count; t++) dTable[dTableOff + tokens[t] * hidden + f] += dx[row + t];
        }
    }
}
