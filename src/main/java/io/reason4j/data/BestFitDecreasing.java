package io.reason4j.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Packs sequences into rows of a fixed capacity by best-fit decreasing, as TRL's
 * {@code packing_strategy="bfd"}: take sequences longest first; put each into the open row with
 * the least space left that still fits it (among equals, the one that reached that space first),
 * or into a new row. Sequences are never split. Best-fit decreasing needs asymptotically at most
 * 11/9 of the optimal number of rows (Johnson 1973), and in practice leaves little padding when
 * short sequences are plentiful.
 *
 * <p>Rows are found by remaining space in a sorted map, so packing n sequences takes
 * O(n log capacity).
 */
final class BestFitDecreasing {

    private BestFitDecreasing() {
    }

    /**
     * @param lengths  length of each sequence, 1..capacity
     * @param order    the sequence indices to pack; among sequences of equal length, earlier ones
     *                 are placed first (so a shuffled order varies which equal-length sequences share a row)
     * @param capacity the row length
     * @return the rows in the order they were opened, each the indices of its sequences in the
     *         order they were placed
     */
    static List<int[]> pack(int[] lengths, int[] order, int capacity) {
        // A stable counting sort, longest first.
        int[] count = new int[capacity + 2];
        for (int i : order) {
            int length = lengths[i];
            if (length < 1 || length > capacity) {
                throw new IllegalArgumentException("sequence " + i + " has length " + length + ", expected 1.." + capacity);
            }
            count[capacity - length + 1]++;
        }
        for (int k = 1; k < count.length; k++) {
            count[k] += count[k - 1];
        }
        int[] sorted = new int[order.length];
        for (int i : order) {
            sorted[count[capacity - lengths[i]]++] = i;
        }

        List<List<Integer>> rows = new ArrayList<>();
        TreeMap<Integer, ArrayDeque<Integer>> rowsBySpace = new TreeMap<>();
        for (int i : sorted) {
            int length = lengths[i];
            Integer space = rowsBySpace.ceilingKey(length);
            int row;
            int left;
            if (space == null) {
                row = rows.size();
                rows.add(new ArrayList<>());
                left = capacity - length;
            } else {
                ArrayDeque<Integer> withSpace = rowsBySpace.get(space);
                row = withSpace.pollFirst();
                if (withSpace.isEmpty()) {
                    rowsBySpace.remove(space);
                }
                left = space - length;
            }
            rows.get(row).add(i);
            if (left > 0) {
                rowsBySpace.computeIfAbsent(left, k -> new ArrayDeque<>()).addLast(row);
            }
        }
        List<int[]> out = new ArrayList<>(rows.size());
        for (List<Integer> row : rows) {
            out.add(row.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
