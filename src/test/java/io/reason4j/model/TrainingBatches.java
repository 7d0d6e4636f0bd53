package io.reason4j.model;

import java.util.SplittableRandom;

/** Small packed batches for training tests: documents, a prompt, padding. */
final class TrainingBatches {
    private TrainingBatches() {}

    /**
     * Two rows of 13: row 0 packs documents of 6 and 5 tokens, then 2 padding tokens; row 1 holds
     * one document of 10 tokens whose first 4 are prompt (mask 0), then 3 padding tokens. Targets are
     * each document's next token (-1 at its end and on padding); the mask is 1 on every other target.
     */
    static TokenBatch packed(int vocab, long seed) {
        int rows = 2, length = 13, n = rows * length;
        int[][] documents = {{0, 6}, {6, 5}, {11, 2}, {13, 10}, {23, 3}}; // {start, length}; 2 and 4 are padding
        SplittableRandom r = new SplittableRandom(seed);
        int[] tokens = new int[n], positions = new int[n], targets = new int[n];
        float[] mask = new float[n];
        for (int t = 0; t < n; t++) tokens[t] = r.nextInt(vocab);
        for (int d = 0; d < documents.length; d++) {
            int start = documents[d][0], len = documents[d][1];
            boolean padding = d == 2 || d == 4;
            for (int i = 0; i < len; i++) {
                int t = start + i;
                positions[t] = i;
                targets[t] = padding || i == len - 1 ? -1 : tokens[t + 1];
                boolean prompt = d == 3 && i < 4;
                mask[t] = targets[t] >= 0 && !prompt ? 1f : 0f;
            }
        }
        return new TokenBatch(rows, length, tokens, positions, targets, mask);
    }

    /** Whether token t of {@link #packed} is padding (after its row's last document). */
    static boolean isPadding(int t) {
        return (t >= 11 && t < 13) || t >= 23;
    }
}
