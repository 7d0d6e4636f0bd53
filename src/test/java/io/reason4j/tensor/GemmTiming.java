package io.reason4j.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * GFLOP/s of Gemm on training-step shapes, by calling thread CPU time (robust on a busy machine
 * when run with -Dreason4j.threads=1). Not a test: {@code java -cp target/reason4j.jar:target/test-classes
 * --add-modules jdk.incubator.vector io.reason4j.tensor.GemmTiming}.
 */
public final class GemmTiming {
    private GemmTiming() {}

    public static void main(String[] args) {
        int tokens = 4096;
        // {m, n, k, transpose, heap A?}: forward W·X, dX = Wᵀ·dY, dW = dY·Xᵀ, and the bench's square one
        int[][] shapes = {
            {128, tokens, 128, 0, 1}, {128, tokens, 128, 0, 0}, {384, tokens, 128, 0, 1}, {128, tokens, 384, 0, 1},
            {128, tokens, 128, 1, 1}, {128, tokens, 384, 1, 1},
            {128, 128, tokens, 2, 1}, {384, 128, tokens, 2, 1}, {128, 384, tokens, 2, 1},
            {1024, 1024, 1024, 0, 0},
        };
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.List<int[]> chosen = new java.util.ArrayList<>();
        for (String arg : args) chosen.add(shapes[Integer.parseInt(arg)]);
        if (chosen.isEmpty()) chosen = java.util.Arrays.asList(shapes);
        for (int round = 0; round < 2; round++) {
            for (int[] s : chosen) {
                int m = s[0], n = s[1], k = s[2];
                Gemm.Transpose t = Gemm.Transpose.values()[s[3]];
                SplittableRandom r = new SplittableRandom(1);
                float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
                for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
                MemorySegment as = MemorySegment.ofArray(a);
                if (s[4] == 0) {
                    as = Arena.global().allocate(4L * a.length, 64);
                    MemorySegment.copy(a, 0, as, ValueLayout.JAVA_FLOAT, 0, a.length);
                }
                int lda = t == Gemm.Transpose.A ? m : k, ldb = t == Gemm.Transpose.B ? k : n;
                MemorySegment aa = as;
                Runnable op = () -> Gemm.multiply(t, aa, 0, lda, b, 0, ldb, c, 0, n, m, n, k, false);
                for (int i = 0; i < 5; i++) op.run();
                long c0 = bean.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                int reps = 0;
                do {
                    op.run();
                    reps++;
                } while (System.nanoTime() - w0 < 400_000_000L);
                double cpu = (bean.getCurrentThreadCpuTime() - c0) / 1e9 / reps, wall = (System.nanoTime() - w0) / 1e9 / reps;
                double flop = 2.0 * m * n * k;
                if (round == 1) System.out.printf("%-6s %5d x %5d x %5d %s: %6.1f GFLOP/s by caller CPU, %6.1f by wall%n", t, m, n, k,
                        s[4] == 1 ? "heap  " : "native", flop / cpu / 1e9, flop / wall / 1e9);
            }
        }
    }
}
