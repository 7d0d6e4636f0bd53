package io.reason4j.tensor;

/**
 * Rotary position embedding (Su et al. 2021, RoFormer) in Hugging Face's "rotate-half" layout: within
 * a head of size d, dimension i pairs with i + d/2, and
 * {@code out_i = x_i cos θ - x_{i+d/2} sin θ}, {@code out_{i+d/2} = x_{i+d/2} cos θ + x_i sin θ},
 * with θ = position · invFreq[i].
 *
 * <p>Angles are computed in double and cached per position, so long contexts lose no precision.
 */
public final class RotaryEmbedding {
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
}
