package io.reason4j.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes, always added in the same order. {@code reduceLanes(ADD)} may add
 * in one order when the JIT has compiled it and in another when it has not (its javadoc allows any
 * order), so two runs of the same training job drifted apart depending on when the JIT kicked in;
 * a fixed pairwise tree of lanewise adds (identical in every tier) keeps runs reproducible and
 * resumed runs equal to uninterrupted ones.
 */
public final class LaneSum {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] FLOAT_SWAPS = swaps(F);
    private static final VectorShuffle<Double>[] DOUBLE_SWAPS = swaps(D);

    private LaneSum() {}

    /** Σ lanes of v (species {@link FloatVector#SPECIES_PREFERRED}). */
    public static float sum(FloatVector v) {
        for (VectorShuffle<Float> s : FLOAT_SWAPS) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    /** Σ lanes of v (species {@link DoubleVector#SPECIES_PREFERRED}). */
    public static double sum(DoubleVector v) {
        for (VectorShuffle<Double> s : DOUBLE_SWAPS) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    /** Shuffles exchanging lane i with lane i ^ half, for half = length/2, ..., 1. */
    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E>[] swaps(VectorSpecies<E> species) {
        int n = species.length();
        if (Integer.bitCount(n) != 1) throw new IllegalStateException("vector length " + n + " is not a power of two");
        VectorShuffle<E>[] out = new VectorShuffle[Integer.numberOfTrailingZeros(n)];
        int i = 0;
        for (int half = n / 2; half >= 1; half /= 2) {
            final int h = half;
            out[i++] = VectorShuffle.fromOp(species, lane -> lane ^ h);
        }
        return out;
    }
}
