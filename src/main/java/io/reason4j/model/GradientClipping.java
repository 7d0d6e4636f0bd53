package io.reason4j.model;

import io.reason4j.tensor.LaneSum;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Clipping by global norm (Pascanu et al., "On the difficulty of training recurrent neural
 * networks", arXiv:1211.5063), as {@code torch.nn.utils.clip_grad_norm_} does it: all gradients are
 * one vector; when its L2 norm exceeds {@code maxNorm} every gradient is scaled by
 * {@code maxNorm / (norm + 1e-6)}.
 *
 * <p>Unlike torch's default ({@code error_if_nonfinite=False}, which multiplies every gradient by
 * NaN and so silently destroys the parameters at the next step), a NaN or infinite norm is reported
 * as a {@link NonFiniteGradientException} and the gradients are left as they were: the trainer
 * skips the update or stops. This is torch's {@code error_if_nonfinite=True}.
 */
public final class GradientClipping {
    /** torch's clip_grad_norm_ adds this to the norm, so that a tiny norm does not blow the scale up. */
    static final double NORM_EPSILON = 1e-6;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** The same bit width as {@link #F}, so one float vector widens into exactly two of these. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private GradientClipping() {}

    /**
     * Scales {@code grads} in place so that their global L2 norm is at most about {@code maxNorm},
     * and returns the norm before clipping (to be logged as {@code grad_norm}).
     *
     * @throws NonFiniteGradientException if a gradient is NaN or infinite; {@code grads} are unchanged
     */
    public static double clipByGlobalNorm(float[] grads, double maxNorm) {
        return clip(null, grads, maxNorm);
    }

    /** As {@link #clipByGlobalNorm(float[], double)}; a non-finite gradient is reported by its tensor's name. */
    public static double clipByGlobalNorm(ParameterLayout layout, float[] grads, double maxNorm) {
        if (grads.length != layout.size()) {
            throw new IllegalArgumentException("the gradient array has " + grads.length + " floats, the layout needs "
                    + layout.size());
        }
        return clip(layout, grads, maxNorm);
    }

    /**
     * The L2 norm of all of {@code grads}, accumulated in double: a float sum over millions of
     * squares would lose the small ones, and could overflow where torch's float32 norm gives inf.
     */
    public static double globalNorm(float[] grads) {
        return Math.sqrt(sumOfSquares(grads));
    }

    private static double clip(ParameterLayout layout, float[] grads, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("the maximum gradient norm must be a positive number, got " + maxNorm);
        }
        double norm = globalNorm(grads);
        if (!Double.isFinite(norm)) throw nonFinite(layout, grads, norm);
        double scale = maxNorm / (norm + NORM_EPSILON);
        if (scale < 1) scale(grads, (float) scale);
        return norm;
    }

    static double sumOfSquares(float[] x) {
        DoubleVector low = DoubleVector.zero(D), high = DoubleVector.zero(D);
        int i = 0;
        for (int bound = F.loopBound(x.length); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            DoubleVector a = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector b = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
            low = a.fma(a, low);
            high = b.fma(b, high);
        }
        double sum = LaneSum.sum(low.add(high));
        for (; i < x.length; i++) sum = Math.fma((double) x[i], x[i], sum);
        return sum;
    }

    private static void scale(float[] x, float factor) {
        int i = 0;
        for (int bound = F.loopBound(x.length); i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, i).mul(factor).intoArray(x, i);
        }
        for (; i < x.length; i++) x[i] *= factor;
    }

    private static NonFiniteGradientException nonFinite(ParameterLayout layout, float[] grads, double norm) {
        int index = 0;
        while (index < grads.length && Float.isFinite(grads[index])) index++;
        String where = "element " + index + " of the gradient array";
        if (layout != null) {
            for (ParameterLayout.Slot s : layout.slots()) {
                if (index >= s.offset() && index < s.offset() + s.size()) {
                    where = "element " + (index - s.offset()) + " of " + s.name();
                }
            }
        }
        float value = index < grads.length ? grads[index] : Float.NaN;
        return new NonFiniteGradientException(norm, "the gradient norm is " + norm + ": the first non-finite gradient is "
                + value + " at " + where + ". The gradients were left unscaled; skip this update rather than"
                + " apply it (a lower learning rate or a loss scale may prevent it)");
    }
}
