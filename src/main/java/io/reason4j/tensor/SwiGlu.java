package io.reason4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SwiGLU gate (Shazeer 2020): {@code h = silu(gate) * up}, silu(x) = x·σ(x) = x / (1 + e^-x).
 * Elementwise, so the layout of the arrays does not matter.
 */
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

    /**
     * Gradients of {@link #forward} for i in [from, to): with s = σ(gate),
     * {@code dGate = dh·up·s·(1 + gate·(1 − s))} (silu' = σ + x·σ·(1 − σ)) and {@code dUp = dh·gate·s}.
     * Also writes the forward's output h again (the weight gradient of the next layer needs it, and
     * recomputing it here costs no extra exp). dGate may alias dh.
     */
    public static void backward(float[] gate, float[] up, float[] dh, float[] dGate, float[] dUp, float[] h, int from, int to) {
        int i = from, bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, gate, i), d = FloatVector.fromArray(S, dh, i), u = FloatVector.fromArray(S, up, i);
            FloatVector s = FloatVector.broadcast(S, 1f).div(VectorExp.exp(g.neg()).add(1f));
            FloatVector silu = g.mul(s);
            FloatVector slope = s.add(silu.sub(silu.mul(s)));
            silu.mul(u).intoArray(h, i);
            d.mul(silu).intoArray(dUp, i);
            d.mul(u).mul(slope).intoArray(dGate, i);
        }
        for (; i < to; i++) {
            double s = 1.0 / (1.0 + Math.exp(-gate[i]));
            float d = dh[i];
            h[i] = (float) (gate[i] * s) * up[i];
            dUp[i] = (float) (d * gate[i] * s);
            dGate[i] = (float) (d * up[i] * s * (1 + gate[i] * (1 - s)));
        }
    }
}
