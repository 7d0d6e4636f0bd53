package io.reason4j.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * How many examples to hold out for evaluation: a fraction of the dataset or a count. A fraction
 * holds out at least one example.
 *
 * @param fraction the share held out, in (0, 1); used when count is 0
 * @param count    the number held out; 0 to use the fraction
 */
public record HeldOut(double fraction, int count) {

    public HeldOut {
        if (count < 0) {
            throw new IllegalArgumentException("a held-out count must not be negative, got " + count);
        }
        if (count == 0 && !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("a held-out fraction must be between 0 and 1 (exclusive), got " + fraction);
        }
        if (count > 0 && fraction != 0) {
            throw new IllegalArgumentException("give a held-out fraction or a count, not both");
        }
    }

    public static HeldOut fraction(double fraction) {
        return new HeldOut(fraction, 0);
    }

    public static HeldOut count(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a held-out count must be at least 1, got " + count);
        }
        return new HeldOut(0, count);
    }

    /** How many of n examples this holds out. */
    int of(int n) {
        return count > 0 ? count : (int) Math.max(1, Math.round(fraction * n));
    }

    /** The two parts of a split, each in the items' order. */
    record Parts<T>(List<T> train, List<T> eval) {}

    /**
     * Holds out items chosen at random by the seed: the same items, size and seed always hold out
     * the same ones. Both parts keep the items' order.
     *
     * @param name names the dataset in the error
     * @throws DatasetFormatException if nothing would be left to train on
     */
    <T> Parts<T> split(String name, List<T> items, long seed) {
        int n = items.size();
        int k = of(n);
        if (k >= n) {
            throw new DatasetFormatException(name + ": cannot hold out " + this + " (" + k + " of " + n + " examples)"
                    + " for evaluation: nothing would be left to train on");
        }
        int[] order = SeededShuffle.permutation(n, SeededShuffle.random(seed, SeededShuffle.HELD_OUT, 0));
        boolean[] held = new boolean[n];
        for (int i = 0; i < k; i++) {
            held[order[i]] = true;
        }
        List<T> train = new ArrayList<>(n - k);
        List<T> eval = new ArrayList<>(k);
        for (int i = 0; i < n; i++) {
            (held[i] ? eval : train).add(items.get(i));
        }
        return new Parts<>(train, eval);
    }

    @Override
    public String toString() {
        return count > 0 ? count + " examples"
                : BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
