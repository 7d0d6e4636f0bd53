package io.reason4j.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** A linear layer's bias in column layout: added to every token's column; its gradient sums them. */
public final class Bias {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Bias() {}

    /** y (rows, ld): {@code y[f, t] += bias[f]} for t &lt; count; bias at float index biasOff. */
    public static void forward(MemorySegment bias, long biasOff, float[] y, int rows, int count, int ld) {
        split(rows, count, (f0, f1) -> {
            for (int f = f0; f < f1; f++) {
                float b = bias.getAtIndex(F, biasOff + f);
                int row = f * ld, t = 0;
                for (int bound = S.loopBound(count); t < bound; t += S.length()) {
                    FloatVector.fromArray(S, y, row + t).add(b).intoArray(y, row + t);
                }
                for (; t < count; t++) y[row + t] += b;
            }
        });
    }

    /** dy (rows, ld): {@code dBias[f] += Σ_t dy[f, t]} over t &lt; count. */
    public static void backward(float[] dy, int rows, int count, int ld, float[] dBias, int dBiasOff) {
        split(rows, count, (f0, f1) -> {
            for (int f = f0; f < f1; f++) {
                int row = f * ld, t = 0;
                FloatVector acc = FloatVector.zero(S);
                for (int bound = S.loopBound(count); t < bound; t += S.length()) {
                    acc = acc.add(FloatVector.fromArray(S, dy, row + t));
                }
                float sum = acc.reduceLanes(VectorOperators.ADD);
                for (; t < count; t++) sum += dy[row + t];
                dBias[dBiasOff + f] += sum;
            }
        });
    }

    @FunctionalInterface
    private interface RowRange {
        void run(int f0, int f1);
    }

    private static void split(int rows, int count, RowRange range) {
        int parts = (long) rows * count >= (1 << 15) ? WorkerPool.shared().threads() : 1;
        WorkerPool.shared().run(parts, (part, n) -> range.run(WorkerPool.splitStart(rows, part, n, 1),
                WorkerPool.splitStart(rows, part + 1, n, 1)));
    }
}
