package io.reason4j.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * One thread's share of a medium-preset decode step, piece by piece, with working sets as large as
 * in the sampling benchmark, for docs/benchmarks.md:
 * <ul>
 *   <li>{@code gemm}: the decode GEMMs (32 token columns, the 7 weight matrices of 6 layers: 19.4 MB
 *       of native weights) through {@link Gemm#multiplyRows}, in GFLOP/s;</li>
 *   <li>{@code attend}: {@link Attention#attend} over the KV cache of 96 sequences × 6 layers × 4
 *       heads at length 66 (78 MB, beyond the L3), in GB/s of cache read;</li>
 *   <li>{@code sum}: {@link MachineCeiling}'s streaming sum over exactly the runs {@code attend} reads;</li>
 *   <li>{@code runs}: the same sum over 96 MB held in arrays of 16 KB … 4 MB, read whole.</li>
 * </ul>
 * Not a test; run {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * io.reason4j.tensor.DecodeTiming gemm|attend|sum|runs}, one part per JVM (a JVM that ran several
 * kernels has a polluted JIT profile).
 */
public final class DecodeTiming {
    private static final int HIDDEN = 256, FFN = 704, LAYERS = 6, HEADS = 4, HEAD_DIM = 64, CAPACITY = 128;
    /** Every result is added here, so that the JIT cannot drop the work as unused. */
    private static float sink;

    private DecodeTiming() {}

    public static void main(String[] args) {
        switch (args.length == 0 ? "" : args[0]) {
            case "gemm" -> gemm();
            case "attend" -> kvCache(true);
            case "sum" -> kvCache(false);
            case "runs" -> {
                for (int kb : new int[] {16, 64, 256, 4096}) runs(kb);
            }
            default -> System.err.println("usage: DecodeTiming gemm|attend|sum|runs");
        }
        if (sink == 42) System.out.println();
    }

    private static void gemm() {
        int n = 32;
        int[][] shapes = {{HIDDEN, HIDDEN}, {HIDDEN, HIDDEN}, {HIDDEN, HIDDEN}, {HIDDEN, HIDDEN}, {FFN, HIDDEN}, {FFN, HIDDEN}, {HIDDEN, FFN}};
        MemorySegment[] weights = new MemorySegment[LAYERS * shapes.length];
        SplittableRandom r = new SplittableRandom(1);
        double flop = 0;
        for (int i = 0; i < weights.length; i++) {
            int[] s = shapes[i % shapes.length];
            weights[i] = Arena.global().allocate(4L * s[0] * s[1], 64);
            for (long e = 0; e < (long) s[0] * s[1]; e++) weights[i].setAtIndex(ValueLayout.JAVA_FLOAT, e, (float) r.nextDouble(-1, 1));
            flop += 2.0 * s[0] * s[1] * n;
        }
        float[] b = new float[FFN * n], c = new float[FFN * n];
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
        double total = flop;
        measure("decode GEMMs, 32 columns, 19.4 MB of weights", () -> {
            for (int i = 0; i < weights.length; i++) {
                int[] s = shapes[i % shapes.length];
                Gemm.multiplyRows(weights[i], 0, s[1], b, 0, n, c, 0, n, 0, s[0], n, s[1], false);
            }
        }, total / 1e9, "GFLOP/s");
    }

    private static void kvCache(boolean attend) {
        int sequences = 96, length = 66, padded = Attention.paddedLength(length), kvDim = HEADS * HEAD_DIM;
        float[][] keys = new float[sequences * LAYERS][], values = new float[sequences * LAYERS][];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new float[kvDim * CAPACITY];
            values[i] = new float[kvDim * CAPACITY];
            for (int j = 0; j < keys[i].length; j++) {
                keys[i][j] = (float) r.nextDouble(-1, 1);
                values[i][j] = (float) r.nextDouble(-1, 1);
            }
        }
        float[] q = new float[kvDim], out = new float[kvDim], scratch = new float[Attention.scratchLength(length, HEADS)];
        for (int d = 0; d < kvDim; d++) q[d] = (float) r.nextDouble(-1, 1);
        double gb = (double) sequences * LAYERS * kvDim * 4 * (padded + length) / 1e9;
        measure(attend ? "Attention.attend over the KV cache" : "plain sum over the runs attend reads", () -> {
            for (int l = 0; l < LAYERS; l++) {
                for (int s = 0; s < sequences; s++) {
                    float[] k = keys[s * LAYERS + l], v = values[s * LAYERS + l];
                    if (attend) {
                        Attention.attend(q, 0, k, v, length, HEADS, HEADS, HEAD_DIM, 0.125f, scratch, out, 0);
                        sink += out[0];
                    } else {
                        sink += (float) (MachineCeiling.sum(k, 0, padded * kvDim) + MachineCeiling.sum(v, 0, length * kvDim));
                    }
                }
            }
        }, gb, "GB/s");
    }

    private static void runs(int kb) {
        int floats = kb * 256, count = (96 << 20) / (kb * 1024);
        float[][] arrays = new float[count][floats];
        for (float[] a : arrays) java.util.Arrays.fill(a, 1f);
        measure("plain sum, 96 MB in runs of " + kb + " KB", () -> {
            for (float[] a : arrays) sink += (float) MachineCeiling.sum(a, 0, floats);
        }, count * (double) kb * 1024 / 1e9, "GB/s");
    }

    /** Runs op for 2 s to warm up, then prints the best of five 1 s rounds (others on the machine only ever add time). */
    private static void measure(String what, Runnable op, double unitsPerRun, String unit) {
        double best = 0;
        for (int round = -2; round < 5; round++) {
            long t0 = System.nanoTime();
            int reps = 0;
            do {
                op.run();
                reps++;
            } while (System.nanoTime() - t0 < 1_000_000_000L);
            double rate = unitsPerRun * reps / ((System.nanoTime() - t0) / 1e9);
            if (round >= 0) best = Math.max(best, rate);
        }
        System.out.printf("%-50s %7.1f %s%n", what, best, unit);
    }
}
