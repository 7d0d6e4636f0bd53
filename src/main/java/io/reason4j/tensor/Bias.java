package io.reason4j.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** A linear layer's bias in column layout: added to every token's column; its gradient sums them. */
public final class Bias {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Bias() {}

    /** y (rows, ld): {@code y[f, t] += bias[f]} for token columns [from, to); bias at float index biasOff. */
    public static void forward(MemorySegment bias, long biasOff, float[] y, int rows, int from, int to, int ld) {
        for (int f = 0; f < rows; f++) {
            float b = bias.getAtIndex(F, biasOff + f);
            int row = f * ld, t = from;
            for (int bound = from + S.loopBound(to - from); t < bound; t += S.length()) {
                FloatVector.fromArray(S, y, row + t).add(b).intoArray(y, row + t);
            }
            for (; t < to; t++) y[row + t] += b;
        }
    }

    /** dy (rows, ld): {@code dBias[f] += Σ_t dy[f, t]} over t &lt; count, for rows [f0, f1). */
    public static void backward(float[] dy, int f0, int f1, int count, int ld, float[] dBias, int dBiasOff) {
        for (int f = f0; f < f1; f++) {
            int row = f * ld, t = 0;
            FloatVector acc = FloatVector.zero(S);
            for (int bound = S.loopBound(count); t < bound; t += S.length()) {
                acc = acc.add(FloatVector.fromArray(S, dy, row + t));
            }
            float sum = LaneSum.sum(acc);
            for (; t < count; t++) sum += dy[row + t];
            dBias[dBiasOff + f] += sum;
        }
    }
}
