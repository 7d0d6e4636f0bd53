package io.reason4j.data;

/**
 * A position in the stream of SFT batches: the next batch to train on. A trainer saves it with its
 * checkpoint and resumes from it; since each epoch's order follows from the seed and the epoch
 * alone, the resumed run sees the very batches the interrupted one would have.
 *
 * @param epoch the epoch, from 0
 * @param batch the batch within the epoch, from 0
 */
public record SftCursor(int epoch, int batch) {

    /** The first batch of the first epoch. */
    public static final SftCursor START = new SftCursor(0, 0);

    public SftCursor {
        if (epoch < 0 || batch < 0) {
            throw new IllegalArgumentException("a cursor's epoch and batch must not be negative, got epoch " + epoch
                    + ", batch " + batch);
        }
    }

    @Override
    public String toString() {
        return "epoch " + epoch + ", batch " + batch;
    }
}
