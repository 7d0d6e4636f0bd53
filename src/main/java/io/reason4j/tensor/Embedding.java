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

    /** table (vocab, hidden) at float index tableOff; x (hidden, ld): {@code x[f, t] = table[tokens[t], f]}. */
    public static void forward(MemorySegment table, long tableOff, int[] tokens, int count, int hidden, float[] x, int ld) {
        int parts = (long) count * hidden >= (1 << 15) ? WorkerPool.shared().threads() : 1;
        WorkerPool.shared().run(parts, (part, n) -> {
            // Feature by feature, so that the writes run along x's rows.
            for (int f = WorkerPool.splitStart(hidden, part, n, 1), end = WorkerPool.splitStart(hidden, part + 1, n, 1); f < end; f++) {
                int row = f * ld;
                for (int t = 0; t < count; t++) x[row + t] = table.getAtIndex(F, tableOff + (long) tokens[t] * hidden + f);
            }
        });
    }

    /**
     * dx (hidden, ld): {@code dTable[tokens[t], f] += dx[f, t]}. Threads split the features (whole
     * cache lines of each row), so no two write the same float.
     */
    public static void backward(float[] dx, int[] tokens, int count, int hidden, int ld, float[] dTable, int dTableOff) {
        int parts = (long) count * hidden >= (1 << 15) ? WorkerPool.shared().threads() : 1;
        WorkerPool.shared().run(parts, (part, n) -> {
            int f0 = WorkerPool.splitStart(hidden, part, n, 16), f1 = WorkerPool.splitStart(hidden, part + 1, n, 16);
            for (int f = f0; f < f1; f++) {
                int row = f * ld;
                for (int t = 0; t < count; t++) dTable[dTableOff + tokens[t] * hidden + f] += dx[row + t];
            }
        });
    }
}
