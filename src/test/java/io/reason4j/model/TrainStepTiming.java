package io.reason4j.model;

import io.reason4j.tensor.WorkerPool;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times the training forward and backward (cross-entropy) on the PyTorch peer's presets and batch
 * (../shared/bench/torch_peer.py: 32 × 128 tokens, one document per row). Not a test: run
 * {@code java -cp target/reason4j.jar:target/test-classes --add-modules jdk.incubator.vector
 * io.reason4j.model.TrainStepTiming [small|medium] [reps]}.
 */
public final class TrainStepTiming {
    private TrainStepTiming() {}

    /** The peer's presets (as BenchCommand.presetConfig): Llama-style, untied, 4 heads, vocab 64. */
    static ModelConfig preset(String name) {
        boolean small = name.equals("small");
        int d = small ? 128 : 256, layers = small ? 4 : 6, ffn = small ? 384 : 704;
        return new ModelConfig(Architecture.LLAMA, 64, d, layers, 4, 4, d / 4, ffn, 1e-6, 10000.0, null, false, false, 512, null, List.of());
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "small";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rows = 32, length = 128, n = rows * length;
        ModelConfig config = preset(name);
        ParameterLayout layout = ParameterLayout.of(config, false);
        float[] parameters = layout.copyOf(DecoderWeights.initialize(config, false, 0, 0.02, java.lang.foreign.Arena.global()));
        TrainableDecoder decoder = new TrainableDecoder(layout, parameters, n);
        SplittableRandom r = new SplittableRandom(1);
        int[] tokens = r.ints(n, 0, config.vocabSize()).toArray(), positions = new int[n], targets = new int[n];
        float[] mask = new float[n];
        for (int t = 0; t < n; t++) {
            positions[t] = t % length;
            targets[t] = t % length == length - 1 ? -1 : tokens[t + 1];
            mask[t] = targets[t] >= 0 ? 1 : 0;
        }
        TokenBatch batch = new TokenBatch(rows, length, tokens, positions, targets, mask);
        double[] forward = new double[reps], backward = new double[reps], cpuForward = new double[reps], cpuBackward = new double[reps];
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = -5; i < reps; i++) {
            long c0 = bean.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            TokenOutputs out = decoder.forward(batch);
            long c1 = bean.getCurrentThreadCpuTime(), t1 = System.nanoTime();
            decoder.backward(CrossEntropyLoss.of(batch, out).gradient());
            long c2 = bean.getCurrentThreadCpuTime(), t2 = System.nanoTime();
            if (i >= 0) {
                forward[i] = (t1 - t0) / 1e6;
                backward[i] = (t2 - t1) / 1e6;
                cpuForward[i] = (c1 - c0) / 1e6;
                cpuBackward[i] = (c2 - c1) / 1e6;
            }
        }
        double[] total = new double[reps];
        for (int i = 0; i < reps; i++) total[i] = forward[i] + backward[i];
        System.out.printf("%s preset, %d×%d tokens, %d threads: forward %s ms, backward %s ms, forward+backward %s ms"
                        + " (median [min]; %d reps); %.0f tokens/s%n", name, rows, length, WorkerPool.shared().threads(),
                stat(forward), stat(backward), stat(total), reps, n / (median(total) / 1e3));
        // With one thread its CPU time is what the step costs, however busy the machine is.
        if (WorkerPool.shared().threads() == 1) {
            System.out.printf("calling thread's CPU time: forward %s ms, backward %s ms%n", stat(cpuForward), stat(cpuBackward));
        }
    }

    private static String stat(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return String.format("%.1f [%.1f]", s[s.length / 2], s[0]);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
