package io.reason4j.rl;

/**
 * Where each response's tokens sit in a flat training batch ({@link io.reason4j.model.TokenBatch}):
 * response i's token t is predicted at flat index {@code offsets[i] + t} (the position of the token
 * before it, whose target it is). Moves per-response rows to and from the flat per-token arrays of
 * {@link io.reason4j.model.TokenOutputs} and {@link io.reason4j.model.TokenLossGradient}.
 *
 * @param offsets flat index of the prediction of each response's first token
 * @param lengths tokens of each response
 * @param size    tokens of the flat batch
 */
public record ResponseLayout(int[] offsets, int[] lengths, int size) {
    public ResponseLayout {
        if (offsets.length != lengths.length) throw new IllegalArgumentException("offsets and lengths differ in count");
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] < 0 || offsets[i] + lengths[i] > size) {
                throw new IllegalArgumentException("response " + i + " spans [" + offsets[i] + ", " + (offsets[i] + lengths[i]) + ") outside a batch of " + size);
            }
        }
    }

    /** Per-response rows of a flat per-token array (e.g. target log-probs, entropies, values). */
    public float[][] gather(float[] flat) {
        float[][] rows = new float[offsets.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[lengths[i]];
            System.arraycopy(flat, offsets[i], rows[i], 0, lengths[i]);
        }
        return rows;
    }

    /** The flat array of the sum of these per-response terms (0 on tokens outside every response). */
    public float[] scatter(float[][]... terms) {
        float[] flat = new float[size];
        for (float[][] rows : terms) {
            for (int i = 0; i < rows.length; i++) for (int t = 0; t < lengths[i]; t++) flat[offsets[i] + t] += rows[i][t];
        }
        return flat;
    }
}
