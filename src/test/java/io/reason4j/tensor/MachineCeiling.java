package io.reason4j.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two ceilings a decode step runs into on this machine: fp32 FMA throughput (12 independent
 * vector FMA chains per thread) and streaming read bandwidth (each thread summing its half of a
 * 256 MiB array). docs/benchmarks.md uses them for the roofline of the sampling benchmark. Not a
 * test; run with
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes io.reason4j.tensor.MachineCeiling [threads]}.
 */
public final class MachineCeiling {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private MachineCeiling() {}

    static float fmaChains(long iterations) {
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        FloatVector m = FloatVector.broadcast(S, 0.999999f), c = FloatVector.broadcast(S, 1e-7f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
    }

    static double sum(float[] a, int from, int to) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        for (int i = from; i < to; i += 2 * S.length()) {
            s0 = s0.add(FloatVector.fromArray(S, a, i));
            s1 = s1.add(FloatVector.fromArray(S, a, i + S.length()));
        }
        return LaneSum.sum(s0.add(s1));
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            measure(pool, threads);
        }
    }

    private static void measure(ExecutorService pool, int threads) throws Exception {
        long iterations = 50_000_000;
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            List<Future<Float>> parts = new ArrayList<>();
            for (int i = 0; i < threads; i++) parts.add(pool.submit(() -> fmaChains(iterations)));
            for (Future<Float> f : parts) f.get();
            double seconds = (System.nanoTime() - t0) * 1e-9;
            System.out.printf("fp32 FMA, %d threads: %.1f GFLOP/s%n", threads, threads * iterations * 12.0 * 2 * S.length() / seconds / 1e9);
        }
        int n = 64 << 20, chunk = n / threads;
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            List<Future<Double>> parts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int from = i * chunk;
                parts.add(pool.submit(() -> sum(a, from, from + chunk)));
            }
            for (Future<Double> f : parts) f.get();
            double seconds = (System.nanoTime() - t0) * 1e-9;
            System.out.printf("streaming read, %d threads: %.1f GB/s%n", threads, 4.0 * n / seconds / 1e9);
        }
    }
}
