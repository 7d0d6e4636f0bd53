package io.reason4j.data;

import io.reason4j.model.TokenBatch;
import java.util.List;

/**
 * The batches of one epoch, built on demand: each {@link #batch} call assembles a fresh
 * {@link TokenBatch}, so an epoch holds only the plan (which examples go in which row), not the
 * batches' arrays.
 *
 * <p>The layout of a row: its examples one after another, each with positions 0, 1, 2, ... (so a
 * token attends only to its own example), then padding. Within an example of length n (after
 * truncation), token t has target {@code tokens[t+1]} and loss mask {@code trainable[t+1]} for
 * t &lt; n-1; its last token has target -1 and mask 0, so nothing is predicted across examples.
 * Each padding token is {@link #PAD_TOKEN} at position 0, a document of its own that attends only
 * to itself (the cheapest attention), with target -1 and mask 0.
 */
public final class SftEpoch {

    /**
     * The id padding tokens get. Any id works: padding is masked out of the loss and attends only to
     * itself, so it changes nothing, and 0 is inside every vocabulary.
     */
    public static final int PAD_TOKEN = 0;

    private final SftBatches batches;
    private final int epoch;
    private final List<int[][]> plan;

    SftEpoch(SftBatches batches, int epoch, List<int[][]> plan) {
        this.batches = batches;
        this.epoch = epoch;
        this.plan = plan;
    }

    public int epoch() {
        return epoch;
    }

    /** The number of batches. */
    public int size() {
        return plan.size();
    }

    /**
     * Batch {@code index}: as many rows as planned, as long as its longest row rounded up to the
     * options' padToMultipleOf (but not beyond maxLength).
     */
    public TokenBatch batch(int index) {
        if (index < 0 || index >= plan.size()) {
            throw new IndexOutOfBoundsException("batch " + index + " of an epoch of " + plan.size() + " batches");
        }
        int[][] rows = plan.get(index);
        int length = length(rows);
        int n = rows.length * length;
        int[] tokens = new int[n];
        int[] positions = new int[n];
        int[] targets = new int[n];
        float[] mask = new float[n];
        for (int r = 0; r < rows.length; r++) {
            int t = r * length;
            for (int used : rows[r]) {
                SftExample example = batches.example(used);
                int documentLength = batches.length(used);
                for (int i = 0; i < documentLength; i++, t++) {
                    tokens[t] = example.tokens()[i];
                    positions[t] = i;
                    boolean last = i == documentLength - 1;
                    targets[t] = last ? -1 : example.tokens()[i + 1];
                    mask[t] = !last && example.trainable()[i + 1] ? 1f : 0f;
                }
            }
            for (int end = (r + 1) * length; t < end; t++) {
                tokens[t] = PAD_TOKEN;
                positions[t] = 0;
                targets[t] = -1;
                mask[t] = 0f;
            }
        }
        return new TokenBatch(rows.length, length, tokens, positions, targets, mask);
    }

    /** The dataset indices of the examples in each row of batch {@code index}, in row order. */
    public int[][] rows(int index) {
        int[][] rows = plan.get(index);
        int[][] out = new int[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = new int[rows[r].length];
            for (int k = 0; k < rows[r].length; k++) {
                out[r][k] = batches.datasetIndex(rows[r][k]);
            }
        }
        return out;
    }

    /** Example tokens in this epoch's batches (after truncation), without padding. */
    public long tokens() {
        long sum = 0;
        for (int[][] rows : plan) {
            for (int[] row : rows) {
                sum += rowLength(row);
            }
        }
        return sum;
    }

    /** All token slots of this epoch's batches, rows × length summed: example tokens plus padding. */
    public long slots() {
        long sum = 0;
        for (int[][] rows : plan) {
            sum += (long) rows.length * length(rows);
        }
        return sum;
    }

    /** The share of token slots that are padding, 0..1. */
    public double paddingFraction() {
        long slots = slots();
        return slots == 0 ? 0 : (double) (slots - tokens()) / slots;
    }

    private int length(int[][] rows) {
        int longest = 0;
        for (int[] row : rows) {
            longest = Math.max(longest, rowLength(row));
        }
        int multiple = batches.options().padToMultipleOf();
        int rounded = (int) Math.min(Integer.MAX_VALUE, ((long) longest + multiple - 1) / multiple * multiple);
        return Math.min(rounded, batches.options().maxLength());
    }

    private int rowLength(int[] row) {
        int sum = 0;
        for (int used : row) {
            sum += batches.length(used);
        }
        return sum;
    }
}
