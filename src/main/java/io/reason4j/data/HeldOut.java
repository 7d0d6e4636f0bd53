package io.reason4j.data;

import java.math.BigDecimal;

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

    @Override
    public String toString() {
        return count > 0 ? count + " examples"
                : BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
