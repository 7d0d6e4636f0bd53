package io.reason4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp(x) on float vectors, accurate to a few ulp: Cephes' expf (range reduction x = n·ln2 + r with
 * ln2 split in two, a degree-6 polynomial for e^r, and 2^n built in the exponent bits). Written out
 * because the Vector API's own EXP falls back to slow code where no SVML intrinsic is available,
 * and the decoder needs it in every SiLU and softmax.
 */
public final class VectorExp {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float MAX = 88.3762626647949f;
    private static final float MIN = -87.3365478515625f;
    private static final float ROUND = 12582912f; // 1.5 · 2^23: adding it rounds to an integer

    /** The only species supported: a constant, so that C2 can intrinsify every operation. */
    public static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorExp() {}

    /** e^x lane-wise; x must be of species {@link #S}. */
    public static FloatVector exp(FloatVector x) {
        x = x.max(MIN).min(MAX);
        FloatVector n = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND)).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return e.mul(bits.reinterpretAsFloats());
    }
}
