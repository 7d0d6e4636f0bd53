package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.GenerationBatch;
import io.reason4j.engine.SamplingParams;
import io.reason4j.model.AdamW;
import io.reason4j.model.Architecture;
import io.reason4j.model.CrossEntropyLoss;
import io.reason4j.model.Decoder;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.ParameterLayout;
import io.reason4j.model.TokenBatch;
import io.reason4j.model.TrainableDecoder;
import io.reason4j.reward.MathVerifier;
import io.reason4j.tensor.Gemm;
import io.reason4j.tensor.WorkerPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reason4j bench}: the engine's throughput on this machine, on the same workloads as the
 * PyTorch peer in ../shared/bench (compare in the same run; see docs/benchmarks.md).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure GEMM GFLOP/s (gemm), batched sampling tokens/s (sample), training tokens/s (train),"
                + " rollout with tool calls against plain sampling (rollout), the HTTP server with concurrent clients"
                + " against plain sampling (serve), or math answer checks/s (verify).")
final class BenchCommand implements Callable<Integer> {
    enum What { gemm, sample, train, rollout, serve, verify }

    enum Preset { small, medium }

    @Parameters(index = "0", description = "gemm, sample, train, rollout, serve or verify") What what;
    @Option(names = "--preset", defaultValue = "small", description = "small (d 128, 4 layers, ffn 384) or medium (d 256, 6 layers, ffn 704)") Preset preset;
    @Option(names = "--json", description = "print one JSON object") boolean json;
    @Option(names = "--tool-ms", defaultValue = "2", description = "rollout: how long each tool call takes (default ${DEFAULT-VALUE})") int toolMillis;
    @Option(names = "--batch", defaultValue = "64", description = "sample: sequences decoded together (default ${DEFAULT-VALUE})") int batch;
    @Option(names = "--clients", defaultValue = "32", description = "serve: concurrent HTTP clients, one completion each (default ${DEFAULT-VALUE})") int clients;
    @Option(names = "--reps", defaultValue = "5", description = "timed repetitions; the median is reported (rollout, serve: the fastest of interleaved runs) (default ${DEFAULT-VALUE})") int reps;

    @Override
    public Integer call() throws Exception {
        if (reps < 1) throw new UserInputException("--reps must be at least 1");
        if (batch < 1) throw new UserInputException("--batch must be at least 1, got " + batch);
        if (clients < 1) throw new UserInputException("--clients must be at least 1, got " + clients);
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("threads", WorkerPool.shared().threads());
        switch (what) {
            case gemm -> gemm(out);
            case sample -> sample(out);
            case train -> train(out);
            case rollout -> {
                out.put("preset", preset.name());
                Decoder decoder = new Decoder(DecoderWeights.initialize(presetConfig(preset), false, 0, 0.02, Arena.global()));
                RolloutBench.run(decoder, toolMillis, reps, out, json);
            }
            case serve -> {
                Decoder decoder = new Decoder(DecoderWeights.initialize(presetConfig(preset), false, 0, 0.02, Arena.global()));
                ServeBench.run(decoder, preset.name(), clients, reps, out, json);
            }
            case verify -> verify(out);
        }
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        }
        return 0;
    }

    static final long WARM_UP_NANOS = 4_000_000_000L;

    /** The peer's presets: Llama-style, untied, 4 heads, vocab 64 (../shared/bench/README.md). */
    static ModelConfig presetConfig(Preset p) {
        int d = p == Preset.small ? 128 : 256, layers = p == Preset.small ? 4 : 6, ffn = p == Preset.small ? 384 : 704;
        return new ModelConfig(Architecture.LLAMA, 64, d, layers, 4, 4, d / 4, ffn, 1e-6, 10000.0, null, false, false,
                512, null, List.of());
    }

    private void gemm(ObjectNode out) {
        Map<String, Double> results = new LinkedHashMap<>();
        for (int[] shape : new int[][] {{1024, 1024, 1024}, {64, 512, 2048}}) {
            int m = shape[0], k = shape[1], n = shape[2];
            SplittableRandom r = new SplittableRandom(1);
            // A lives off-heap, as a memory-mapped weight does.
            MemorySegment a = Arena.global().allocate((long) m * k * 4, 64);
            for (long i = 0; i < (long) m * k; i++) a.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) r.nextDouble(-1, 1));
            float[] b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
            double flop = 2.0 * m * n * k;
            Runnable op = () -> Gemm.multiply(a, 0, k, b, 0, n, c, 0, n, m, n, k, false);
            double seconds = medianSeconds(op, 0.3);
            String key = m + "x" + k + "x" + n;
            results.put(key, flop / seconds / 1e9);
            if (!json) System.out.printf("gemm %-16s %8.1f GFLOP/s  (M×K×N, %d threads, median of %d)%n", key,
                    flop / seconds / 1e9, WorkerPool.shared().threads(), reps);
        }
        ObjectNode g = out.putObject("gflops");
        results.forEach(g::put);
    }

    private void sample(ObjectNode out) {
        int promptLength = 16, newTokens = 100;
        ModelConfig config = presetConfig(preset);
        Decoder decoder = new Decoder(DecoderWeights.initialize(config, false, 0, 0.02, Arena.global()));
        SplittableRandom r = new SplittableRandom(3);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < batch; i++) prompts.add(r.ints(promptLength, 0, config.vocabSize()).toArray());
        Runnable op = () -> {
            try (GenerationBatch b = new GenerationBatch(decoder, null)) {
                for (int i = 0; i < batch; i++) b.add(prompts.get(i), SamplingParams.sample(newTokens, i));
                b.run();
            }
        };
        double seconds = medianSeconds(op, 0);
        double tokensPerSecond = batch * newTokens / seconds;
        out.put("preset", preset.name());
        out.put("batch", batch);
        out.put("prompt_tokens", promptLength);
        out.put("new_tokens", newTokens);
        out.put("run_ms", seconds * 1e3);
        out.put("tokens_per_s", tokensPerSecond);
        if (!json) System.out.printf("sample %s: batch %d, prompt %d, %d new tokens: %.1f ms, %.0f new tokens/s (median of %d)%n",
                preset, batch, promptLength, newTokens, seconds * 1e3, tokensPerSecond, reps);
    }

    /**
     * The peer's training step: batch 32 × 128 random tokens, every position predicting the next,
     * forward + mean cross-entropy, backward, AdamW (lr 1e-3, weight decay 0.1), no clipping.
     */
    private void train(ObjectNode out) {
        int rows = 32, length = 128;
        ModelConfig config = presetConfig(preset);
        ParameterLayout layout = ParameterLayout.of(config, false);
        float[] params = layout.copyOf(DecoderWeights.initialize(config, false, 0, 0.02, Arena.ofAuto()));
        TrainableDecoder decoder = new TrainableDecoder(layout, params, rows * length);
        AdamW optimizer = new AdamW(layout, AdamW.Options.DEFAULTS.withWeightDecay(0.1));
        SplittableRandom r = new SplittableRandom(0);
        int n = rows * length;
        int[] tokens = new int[n], positions = new int[n], targets = new int[n];
        float[] mask = new float[n];
        for (int row = 0; row < rows; row++) {
            int[] data = r.ints(length + 1, 0, config.vocabSize()).toArray();
            for (int i = 0; i < length; i++) {
                int t = row * length + i;
                tokens[t] = data[i];
                targets[t] = data[i + 1];
                positions[t] = i;
                mask[t] = 1f;
            }
        }
        TokenBatch batch = new TokenBatch(rows, length, tokens, positions, targets, mask);
        long[] phases = new long[3];
        Runnable step = () -> {
            long t0 = System.nanoTime();
            CrossEntropyLoss loss = CrossEntropyLoss.of(batch, decoder.forward(batch));
            long t1 = System.nanoTime();
            decoder.zeroGradients();
            decoder.backward(loss.gradient());
            long t2 = System.nanoTime();
            optimizer.step(params, decoder.gradients(), 1e-3);
            long t3 = System.nanoTime();
            phases[0] = t1 - t0;
            phases[1] = t2 - t1;
            phases[2] = t3 - t2;
        };
        // Median step, and the phase split of the steps whose total is that median.
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int warm = 0; System.nanoTime() < warmUntil || warm < 3; warm++) step.run();
        long[][] split = new long[reps][];
        for (int i = 0; i < reps; i++) {
            step.run();
            split[i] = phases.clone();
        }
        Arrays.sort(split, java.util.Comparator.comparingLong(p -> p[0] + p[1] + p[2]));
        long[] median = split[reps / 2];
        double seconds = (median[0] + median[1] + median[2]) * 1e-9;
        out.put("preset", preset.name());
        out.put("batch", rows);
        out.put("seq", length);
        out.put("step_ms", seconds * 1e3);
        out.put("tokens_per_s", n / seconds);
        out.put("forward_ms", median[0] * 1e-6);
        out.put("backward_ms", median[1] * 1e-6);
        out.put("optimizer_ms", median[2] * 1e-6);
        if (!json) System.out.printf("train %s: batch %dx%d, step %.1f ms (forward %.1f, backward %.1f, optimizer %.1f),"
                + " %.0f tokens/s (median of %d)%n", preset, rows, length, seconds * 1e3, median[0] * 1e-6, median[1] * 1e-6,
                median[2] * 1e-6, n / seconds, reps);
    }

    /** Threads of the verify benchmark: the floor is stated for 2 cores. */
    private static final int VERIFY_THREADS = 2;
    private static final double VERIFY_SECONDS_PER_REP = 1.0;
    private static final int LATENCY_PASSES = 500;

    /**
     * Math answer checks per second on {@link VerifierWorkload}'s fixed mix, on 2 threads sharing one
     * verifier (it is thread-safe, as in a reward worker pool), and single-thread latency per check.
     */
    private void verify(ObjectNode out) throws InterruptedException {
        VerifierWorkload workload = new VerifierWorkload(MathVerifier.withDefaults());
        List<String> wrong = workload.disagreements();
        if (!wrong.isEmpty()) throw new IllegalStateException("the verifier gets the benchmark mix wrong:\n" + String.join("\n", wrong));
        // Warm-up on both threads, as in the timed runs, so C2 has compiled the parser and comparator.
        workload.checksPerSecond(VERIFY_THREADS, WARM_UP_NANOS * 1e-9);
        double[] rates = new double[reps];
        for (int i = 0; i < reps; i++) rates[i] = workload.checksPerSecond(VERIFY_THREADS, VERIFY_SECONDS_PER_REP);
        Arrays.sort(rates);
        double checksPerSecond = rates[reps / 2];
        double[] latencies = workload.sortedLatenciesMicros(LATENCY_PASSES);
        double p50 = Percentile.of(latencies, 0.50), p99 = Percentile.of(latencies, 0.99);
        out.put("threads", VERIFY_THREADS);
        out.put("cases", VerifierWorkload.CASES.size());
        out.put("checks_per_s", checksPerSecond);
        out.put("latency_p50_us", p50);
        out.put("latency_p99_us", p99);
        if (!json) System.out.printf("verify: %d cases, %.0f checks/s on %d threads (median of %d × %.0f s); "
                + "single-thread latency p50 %.1f µs, p99 %.1f µs%n", VerifierWorkload.CASES.size(), checksPerSecond,
                VERIFY_THREADS, reps, VERIFY_SECONDS_PER_REP, p50, p99);
    }

    /** Median wall time of one op over {@code reps} timed repetitions, after a warm-up. */
    private double medianSeconds(Runnable op, double minSecondsPerRep) {
        // Steady state is what long rollouts and training runs see: give the JIT (C2, on the same two
        // cores) time to compile the hot paths before measuring.
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        int warm = 0;
        while (System.nanoTime() < warmUntil || warm < 10) {
            op.run();
            warm++;
        }
        double[] times = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            int iterations = 0;
            do {
                op.run();
                iterations++;
            } while ((System.nanoTime() - t0) * 1e-9 < minSecondsPerRep);
            times[i] = (System.nanoTime() - t0) * 1e-9 / iterations;
        }
        Arrays.sort(times);
        return times[reps / 2];
    }
}
