package io.reason4j.data;

/**
 * How an {@link SftDataset} is cut into training micro-batches.
 *
 * @param rows            rows per batch (the micro-batch size); the last batch of an epoch may have fewer
 * @param maxLength       the longest row; longer examples are cut to their first maxLength tokens, as
 *                        TRL's {@code max_length} (default 1024 there) with {@code truncation_mode="keep_start"}
 * @param layout          packed (several examples per row) or padded (one per row); TRL's default is
 *                        padded, {@code packing=True} gives packed
 * @param padToMultipleOf a batch is as long as its longest row, rounded up to a multiple of this
 *                        (capped at maxLength); 1 (the default) wastes least, maxLength gives every batch
 *                        the same shape. TRL's {@code pad_to_multiple_of}
 * @param shuffle         shuffle the examples each epoch (deterministically, by seed and epoch); false keeps
 *                        the dataset's order, e.g. for evaluation. Default true
 * @param seed            the shuffle's seed. Default 0
 */
public record SftBatchOptions(int rows, int maxLength, BatchLayout layout, int padToMultipleOf, boolean shuffle,
                              long seed) {

    public SftBatchOptions {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2 (one token and the one it predicts), got "
                    + maxLength);
        }
        if (padToMultipleOf < 1) {
            throw new IllegalArgumentException("padToMultipleOf must be at least 1, got " + padToMultipleOf);
        }
        if (layout == null) {
            throw new IllegalArgumentException("layout must be PACKED or PADDED");
        }
    }

    /** Packed rows of maxLength tokens, shuffled with seed 0. */
    public static SftBatchOptions packed(int rows, int maxLength) {
        return new SftBatchOptions(rows, maxLength, BatchLayout.PACKED, 1, true, 0);
    }

    /** One example per row, grouped by length, shuffled with seed 0. */
    public static SftBatchOptions padded(int rows, int maxLength) {
        return new SftBatchOptions(rows, maxLength, BatchLayout.PADDED, 1, true, 0);
    }

    public SftBatchOptions withSeed(long newSeed) {
        return new SftBatchOptions(rows, maxLength, layout, padToMultipleOf, shuffle, newSeed);
    }

    public SftBatchOptions withShuffle(boolean newShuffle) {
        return new SftBatchOptions(rows, maxLength, layout, padToMultipleOf, newShuffle, seed);
    }

    public SftBatchOptions withPadToMultipleOf(int multiple) {
        return new SftBatchOptions(rows, maxLength, layout, multiple, shuffle, seed);
    }
}
