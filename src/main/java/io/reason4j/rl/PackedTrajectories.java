package io.reason4j.rl;

import io.reason4j.model.TokenBatch;
import io.reason4j.rollout.Trajectory;
import java.util.Arrays;
import java.util.List;

/**
 * Trajectories (prompt + response) packed into a few rows of one {@link TokenBatch} for a training
 * forward: longest first, each into the least filled row, so that rows are about equally long and
 * there is almost no padding. Positions restart at every trajectory, so none attends to another
 * ({@link TokenBatch}). The {@link ResponseLayout} says where each response token is predicted: at
 * the flat index of the token before it.
 */
public record PackedTrajectories(TokenBatch batch, ResponseLayout layout) {

    /** Rows per batch at most: enough for the worker threads to share the attention by rows. */
    static final int MAX_ROWS = 4;
    /** Row length is rounded up to a multiple of this (the kernels' column blocking). */
    static final int ALIGN = 16;

    /** The most tokens {@link #of} can produce for {@code count} trajectories of at most {@code maxLength} tokens. */
    public static int capacity(int count, int maxLength) {
        int rows = Math.min(count, MAX_ROWS);
        // The fullest row got its last trajectory while it was the least filled: ≤ (count − 1)·max/rows + max.
        return Math.multiplyExact(rows, roundUp(Math.toIntExact(Math.ceilDiv((long) (count + rows - 1) * maxLength, rows))));
    }

    public static PackedTrajectories of(List<Trajectory> trajectories) {
        int n = trajectories.size();
        if (n == 0) throw new IllegalArgumentException("nothing to pack");
        int rows = Math.min(n, MAX_ROWS);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(length(trajectories.get(b)), length(trajectories.get(a))));
        int[] rowOf = new int[n], startInRow = new int[n], load = new int[rows];
        for (int i : order) {
            int r = 0;
            for (int k = 1; k < rows; k++) if (load[k] < load[r]) r = k;
            rowOf[i] = r;
            startInRow[i] = load[r];
            load[r] += length(trajectories.get(i));
        }
        int length = roundUp(Arrays.stream(load).max().orElseThrow());
        int size = rows * length;
        int[] tokens = new int[size], positions = new int[size], targets = new int[size];
        float[] mask = new float[size];
        Arrays.fill(targets, -1); // padding: its own document of one token, position 0, no target
        int[] offsets = new int[n], lengths = new int[n];
        for (int i = 0; i < n; i++) {
            Trajectory t = trajectories.get(i);
            int[] ids = t.allIds();
            int start = rowOf[i] * length + startInRow[i], prompt = t.promptIds().length;
            for (int k = 0; k < ids.length; k++) {
                tokens[start + k] = ids[k];
                positions[start + k] = k;
                if (k + 1 < ids.length) targets[start + k] = ids[k + 1];
                if (k + 1 >= prompt && k + 1 < ids.length) mask[start + k] = t.lossMask()[k + 1 - prompt];
            }
            offsets[i] = start + prompt - 1;
            lengths[i] = t.responseIds().length;
        }
        return new PackedTrajectories(new TokenBatch(rows, length, tokens, positions, targets, mask), new ResponseLayout(offsets, lengths, size));
    }

    private static int length(Trajectory t) {
        return t.promptIds().length + t.responseIds().length;
    }

    private static int roundUp(int n) {
        return Math.multiplyExact(Math.ceilDiv(n, ALIGN), ALIGN);
    }
}
