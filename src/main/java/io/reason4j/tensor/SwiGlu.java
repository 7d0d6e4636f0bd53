package io.reason4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The SwiGLU gate (Shazeer 2020): {@code h = silu(gate) * up}, silu(x) = x·σ(x) = x / (1 + e^-x). */
public final class SwiGlu {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private SwiGlu() {}

    /** h[i] = silu(gate[i]) * up[i] for i in [from, to); h may alias gate. */
    public static void forward(float[] gate, float[] up, float[] h, int from, int to) {
        int n = to, i = from, bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, gate, i);
            FloatVector denominator = VectorExp.exp(g.neg()).add(1f);
            g.div(denominator).mul(FloatVector.fromArray(S, up, i)).intoArray(h, i);
        }
        for (; i < n; i++) h[i] = (float) (gate[i] / (1.0 + Math.exp(-gate[i]))) * up[i];
    }
}
