package io.reason4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rotary position embedding (Su et al. 2021, RoFormer) in Hugging Face's "rotate-half" layout: within
 * a head of size d, dimension i pairs with i + d/2, and
 * {@code out_i = x_i cos θ - x_{i+d/2} sin θ}, {@code out_{i+d/2} = x_{i+d/2} cos θ + x_i sin θ},
 * with θ = position · invFreq[i].
 *
 * <p>Angles are computed in double and cached per position, so long contexts lose no precision.
 *
 * <p>Training rotates whole batches: {@link #columnTables} lays the batch's cos/sin out in the
 * activations' column layout once per step, and {@link #rotateForward} / {@link #rotateBackward}
 * then run vectorised over tokens. The rotation is orthogonal, so its backward is the rotation by
 * the opposite angle applied to the gradient.
 */
public final class RotaryEmbedding {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private final double[] invFreq;
    private final int half;
    private float[] cos = new float[0], sin = new float[0];
    private int positions;

    /** invFreq has headDim/2 entries (already scaled for rope_scaling when the model uses it). */
    public RotaryEmbedding(double[] invFreq) {
        this.invFreq = invFreq.clone();
        this.half = invFreq.length;
    }

    public int headDim() {
        return 2 * half;
    }

    private synchronized void ensure(int maxPosition) {
        if (maxPosition < positions) return;
        int n = Math.max(maxPosition + 1, Math.max(64, positions * 2));
        float[] c = new float[n * half], s = new float[n * half];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * invFreq[i];
                c[p * half + i] = (float) Math.cos(angle);
                s[p * half + i] = (float) Math.sin(angle);
            }
        }
        cos = c;
        sin = s;
        positions = n;
    }

    /** Makes the tables cover every position in {@code positions[0..count)}; call before {@link #applyHeads}. */
    public void prepare(int[] positions, int count) {
        int max = 0;
        for (int t = 0; t < count; t++) max = Math.max(max, positions[t]);
        ensure(max);
    }

    /**
     * Rotates heads [h0, h1) of x in place (after {@link #prepare}); x is in column layout,
     * (heads·headDim) rows and ld columns, and column t is at position positions[t]. Threads split
     * the heads between them.
     */
    public void applyHeads(float[] x, int h0, int h1, int count, int ld, int[] positions) {
        float[] c = cos, s = sin;
        int d = 2 * half;
        for (int h = h0; h < h1; h++) {
            for (int i = 0; i < half; i++) {
                int r1 = (h * d + i) * ld, r2 = (h * d + i + half) * ld;
                for (int t = 0; t < count; t++) {
                    int k = positions[t] * half + i;
                    float x1 = x[r1 + t], x2 = x[r2 + t], ct = c[k], st = s[k];
                    x[r1 + t] = x1 * ct - x2 * st;
                    x[r2 + t] = x2 * ct + x1 * st;
                }
            }
        }
    }

    /**
     * The batch's angles in column layout: {@code cos[i * ld + t] = cos(positions[t] · invFreq[i])}
     * for i &lt; headDim/2 and t &lt; count, likewise sin; both arrays need (headDim/2)·ld floats.
     */
    public void columnTables(int[] positions, int count, int ld, float[] cosOut, float[] sinOut) {
        prepare(positions, count);
        float[] c = cos, s = sin;
        for (int i = 0; i < half; i++) {
            for (int t = 0; t < count; t++) {
                cosOut[i * ld + t] = c[positions[t] * half + i];
                sinOut[i * ld + t] = s[positions[t] * half + i];
            }
        }
    }

    /** x (headCount·headDim, ld): every head of token columns [from, to) rotated in place by the angles of {@link #columnTables}. */
    public static void rotateForward(float[] x, int headCount, int headDim, int from, int to, int ld, float[] cos, float[] sin) {
        rotate(x, headCount, headDim, from, to, ld, cos, sin, 1f);
    }

    /** dx (headCount·headDim, ld): the gradient through {@link #rotateForward}, in place: rotation by −θ. */
    public static void rotateBackward(float[] dx, int headCount, int headDim, int from, int to, int ld, float[] cos, float[] sin) {
        rotate(dx, headCount, headDim, from, to, ld, cos, sin, -1f);
    }

    /** x1' = x1 cos − sign·x2 sin, x2' = x2 cos + sign·x1 sin on the pairs (i, i + d/2) of each head. */
    private static void rotate(float[] x, int headCount, int headDim, int from, int to, int ld, float[] cos, float[] sin,
                               float sign) {
        int half = headDim / 2, bound = from + S.loopBound(to - from);
        for (int h = 0; h < headCount; h++) {
            for (int i = 0; i < half; i++) {
                int r1 = (h * headDim + i) * ld, r2 = r1 + half * ld, tr = i * ld, t = from;
                for (; t < bound; t += S.length()) {
                    FloatVector x1 = FloatVector.fromArray(S, x, r1 + t), x2 = FloatVector.fromArray(S, x, r2 + t);
                    FloatVector c = FloatVector.fromArray(S, cos, tr + t), s = FloatVector.fromArray(S, sin, tr + t).mul(sign);
                    x1.mul(c).sub(x2.mul(s)).intoArray(x, r1 + t);
                    x2.mul(c).add(x1.mul(s)).intoArray(x, r2 + t);
                }
                for (; t < to; t++) {
                    float x1 = x[r1 + t], x2 = x[r2 + t], c = cos[tr + t], s = sign * sin[tr + t];
                    x[r1 + t] = x1 * c - x2 * s;
                    x[r2 + t] = x2 * c + x1 * s;
                }
            }
        }
    }
}
