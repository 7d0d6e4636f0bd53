package io.reason4j.model;

/**
 * A training micro-batch: {@code rows} rows of {@code length} tokens, flattened row-major (token
 * {@code r * length + i}). A row may pack several documents one after another; position ids restart
 * at 0 where a document starts, and a token attends only to its own document's earlier tokens, i.e.
 * to flat indices {@code [t - positions[t], t]}. So the positions alone mark the boundaries.
 *
 * @param tokens    input token ids
 * @param positions position id of each token within its document (rotary position)
 * @param targets   the token the model should predict after each token (normally the document's
 *                  next token), or -1 where there is none (a document's last token, padding)
 * @param mask      1 where the target counts in the loss (e.g. completion tokens the model wrote),
 *                  0 where it does not (prompt, tool output, padding); weights in between are allowed
 */
public record TokenBatch(int rows, int length, int[] tokens, int[] positions, int[] targets, float[] mask) {
    public TokenBatch {
        int n = Math.multiplyExact(rows, length);
        if (rows < 1 || length < 1) throw new IllegalArgumentException("a batch needs at least one row and one column, got " + rows + "x" + length);
        if (tokens.length != n || positions.length != n || targets.length != n || mask.length != n) {
            throw new IllegalArgumentException("a " + rows + "x" + length + " batch needs " + n + " entries in tokens, positions, targets"
                    + " and mask; got " + tokens.length + ", " + positions.length + ", " + targets.length + ", " + mask.length);
        }
        for (int t = 0; t < n; t++) {
            int column = t % length;
            if (positions[t] < 0 || positions[t] > column) {
                throw new IllegalArgumentException("token " + t + " (row " + t / length + ", column " + column + ") has position "
                        + positions[t] + ", expected 0.." + column + " (positions restart at 0 for each packed document)");
            }
            if (positions[t] > 0 && positions[t - 1] != positions[t] - 1) {
                throw new IllegalArgumentException("token " + t + " has position " + positions[t] + " but the token before it has "
                        + positions[t - 1] + "; positions within a document must count up by one");
            }
            if (targets[t] < 0 && mask[t] != 0f) {
                throw new IllegalArgumentException("token " + t + " has no target but a non-zero loss mask " + mask[t]);
            }
        }
    }

    /** Number of tokens, rows × length. */
    public int size() {
        return rows * length;
    }

    /** Σ mask: how many targets count in the loss (weighted). */
    public double maskSum() {
        double sum = 0;
        for (float m : mask) sum += m;
        return sum;
    }

    /** Flat index of the first token of token t's document: the start of its attention window. */
    public int documentStart(int t) {
        return t - positions[t];
    }
}
