package io.reason4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link SftDataset} cut into training micro-batches, epoch after epoch.
 *
 * <p>Examples longer than {@link SftBatchOptions#maxLength()} are cut to their first maxLength
 * tokens (TRL's default {@code truncation_mode="keep_start"}); an example left without a trained
 * token by the cut, or without one to begin with, is left out: it would cost compute and teach
 * nothing. Both are counted in {@link #warnings()}.
 *
 * <p>Each epoch's batches follow from the options' seed and the epoch number alone (see
 * {@link #epoch}), so a trainer can resume mid-epoch from a saved {@link SftCursor}. The number of
 * batches is the same in every epoch.
 */
public final class SftBatches {

    /**
     * How many batches' worth of examples are sorted by length together when padding: enough that
     * batches hold similar lengths, few enough that each epoch still mixes. transformers'
     * LengthGroupedSampler uses the same megabatch of 50 batches.
     */
    static final int LENGTH_GROUP_BATCHES = 50;

    private final SftDataset dataset;
    private final SftBatchOptions options;
    private final int[] used;
    private final int[] lengths;
    private final int truncated;
    private final List<String> leftOut;
    private final int batchesPerEpoch;

    SftBatches(SftDataset dataset, SftBatchOptions options) {
        this.dataset = dataset;
        this.options = options;
        int max = options.maxLength();
        List<Integer> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        int cut = 0;
        for (int i = 0; i < dataset.size(); i++) {
            SftExample example = dataset.get(i);
            if (example.trainableTargets(max) == 0) {
                dropped.add(example.origin());
                continue;
            }
            kept.add(i);
            if (example.length() > max) {
                cut++;
            }
        }
        if (kept.isEmpty()) {
            throw new DatasetFormatException(dataset.name() + ": none of its " + dataset.size() + " examples has a token"
                    + " to train on within its first " + max + " tokens (the maximum length); raise the maximum length");
        }
        this.used = kept.stream().mapToInt(Integer::intValue).toArray();
        this.lengths = new int[used.length];
        for (int k = 0; k < used.length; k++) {
            lengths[k] = Math.min(dataset.get(used[k]).length(), max);
        }
        this.truncated = cut;
        this.leftOut = List.copyOf(dropped);
        this.batchesPerEpoch = plan(0).size();
    }

    public SftDataset dataset() {
        return dataset;
    }

    public SftBatchOptions options() {
        return options;
    }

    /** The number of batches in every epoch: what a learning-rate schedule needs to know. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** How many of the dataset's examples are batched (the others are left out, see {@link #leftOut()}). */
    public int examples() {
        return used.length;
    }

    /** How many batched examples are longer than the maximum length and cut to it. */
    public int truncatedExamples() {
        return truncated;
    }

    /** Where the examples left out come from (no trained token within the maximum length). */
    public List<String> leftOut() {
        return leftOut;
    }

    /** What a user should know about truncation and left-out examples, one line each; empty if nothing. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (truncated > 0) {
            warnings.add(dataset.name() + ": " + truncated + " of " + used.length + " examples are longer than "
                    + options.maxLength() + " tokens and are cut to their first " + options.maxLength());
        }
        if (!leftOut.isEmpty()) {
            warnings.add(dataset.name() + ": " + leftOut.size() + " examples have no token to train on within their first "
                    + options.maxLength() + " tokens and are left out, e.g. " + String.join(", ",
                    leftOut.subList(0, Math.min(3, leftOut.size()))));
        }
        return warnings;
    }

    /** The batches of one epoch, in training order. */
    public SftEpoch epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative, got " + epoch);
        }
        return new SftEpoch(this, epoch, plan(epoch));
    }

    /** Batches from the cursor on, through epoch after epoch. */
    public SftBatchStream stream(SftCursor from) {
        return new SftBatchStream(this, from);
    }

    SftExample example(int used) {
        return dataset.get(this.used[used]);
    }

    int datasetIndex(int used) {
        return this.used[used];
    }

    int length(int used) {
        return lengths[used];
    }

    /**
     * Each batch as rows, each row the (batched-example) indices it holds. Packed: shuffle the
     * examples, pack them into rows by best-fit decreasing, shuffle the rows, cut into batches.
     * Padded: shuffle the examples; in windows of {@link #LENGTH_GROUP_BATCHES} batches, sort by
     * length, longest first, and cut into batches; shuffle the batches.
     */
    private List<int[][]> plan(int epoch) {
        int n = used.length;
        int[] order = SeededShuffle.identity(n);
        if (options.shuffle()) {
            SeededShuffle.shuffle(order, SeededShuffle.random(options.seed(), SeededShuffle.EXAMPLE_ORDER, epoch));
        }
        List<int[][]> batches = new ArrayList<>();
        if (options.layout() == BatchLayout.PACKED) {
            List<int[]> rows = BestFitDecreasing.pack(lengths, order, options.maxLength());
            int[] rowOrder = SeededShuffle.identity(rows.size());
            if (options.shuffle()) {
                SeededShuffle.shuffle(rowOrder, SeededShuffle.random(options.seed(), SeededShuffle.BATCH_ORDER, epoch));
            }
            for (int from = 0; from < rowOrder.length; from += options.rows()) {
                int[][] batch = new int[Math.min(options.rows(), rowOrder.length - from)][];
                for (int r = 0; r < batch.length; r++) {
                    batch[r] = rows.get(rowOrder[from + r]);
                }
                batches.add(batch);
            }
        } else {
            int window = options.rows() * LENGTH_GROUP_BATCHES;
            for (int from = 0; from < n; from += window) {
                // Longest first, stable, so that equal lengths keep the shuffled order.
                Integer[] group = new Integer[Math.min(window, n - from)];
                for (int k = 0; k < group.length; k++) {
                    group[k] = order[from + k];
                }
                Arrays.sort(group, (a, b) -> Integer.compare(lengths[b], lengths[a]));
                for (int k = 0; k < group.length; k += options.rows()) {
                    int[][] batch = new int[Math.min(options.rows(), group.length - k)][];
                    for (int r = 0; r < batch.length; r++) {
                        batch[r] = new int[] {group[k + r]};
                    }
                    batches.add(batch);
                }
            }
            if (options.shuffle()) {
                int[] batchOrder = SeededShuffle.identity(batches.size());
                SeededShuffle.shuffle(batchOrder, SeededShuffle.random(options.seed(), SeededShuffle.BATCH_ORDER, epoch));
                List<int[][]> shuffled = new ArrayList<>(batches.size());
                for (int b : batchOrder) {
                    shuffled.add(batches.get(b));
                }
                batches = shuffled;
            }
        }
        return batches;
    }
}
