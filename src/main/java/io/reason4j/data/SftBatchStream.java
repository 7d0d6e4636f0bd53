package io.reason4j.data;

import io.reason4j.model.TokenBatch;

/**
 * The training batches from a cursor on, epoch after epoch without end: a trainer takes
 * {@link #next()} until its step budget or its epoch count ({@code cursor().epoch()}) is reached,
 * and saves {@link #cursor()} with each checkpoint. Not thread-safe.
 */
public final class SftBatchStream {

    private final SftBatches batches;
    private SftEpoch epoch;
    private int next;

    /**
     * @throws DatasetFormatException if the cursor's batch is past the end of its epoch: the dataset or
     *                                the batch options differ from those of the run that saved it
     */
    SftBatchStream(SftBatches batches, SftCursor from) {
        this.batches = batches;
        if (from.batch() >= batches.batchesPerEpoch()) {
            throw new DatasetFormatException(batches.dataset().name() + ": cannot resume at " + from + ": an epoch has "
                    + batches.batchesPerEpoch() + " batches (batch 0.." + (batches.batchesPerEpoch() - 1) + "); the"
                    + " dataset or the batch options (rows, maximum length, layout) differ from those of the run"
                    + " that saved the cursor");
        }
        this.epoch = batches.epoch(from.epoch());
        this.next = from.batch();
    }

    /** The next batch; moves the cursor on by one, into the next epoch after an epoch's last batch. */
    public TokenBatch next() {
        TokenBatch batch = epoch.batch(next);
        next++;
        if (next == epoch.size()) {
            epoch = batches.epoch(epoch.epoch() + 1);
            next = 0;
        }
        return batch;
    }

    /** Where the stream stands: the batch {@link #next()} returns next. */
    public SftCursor cursor() {
        return new SftCursor(epoch.epoch(), next);
    }
}
