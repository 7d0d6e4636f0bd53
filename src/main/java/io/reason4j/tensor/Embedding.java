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
            for (int t = WorkerPool.splitStart(count, part, n, 1), end = WorkerPool.splitStart(count, part + 1, n, 1); t < end; t++) {
                long row = tableOff + (long) tokens[t] * hidden;
                for (int f = 0; f < hidden; f++) x[f * ld + t] = table.getAtIndex(F, row + f);
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
            for (int t = 0; t < count; t++) {
                int row = dTableOff + tokens[t] * hidden;
                for (int f = f0; f < f1; f++) dTable[row + f] += dx[f * ld + t];
            }
        });
    }
}
