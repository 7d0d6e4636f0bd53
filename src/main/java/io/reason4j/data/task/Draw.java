package io.reason4j.data.task;

import java.util.List;
import java.util.random.RandomGenerator;

/** Random choices for making problems, on a generator whose algorithm is fixed (model.SplitMix64). */
final class Draw {
    private Draw() {}

    /** A number with exactly {@code digits} digits; one-digit numbers start at 2, since 1 makes trivial steps. */
    static long number(RandomGenerator rng, int digits) {
        long low = digits == 1 ? 2 : pow10(digits - 1);
        return between(rng, low, pow10(digits) - 1);
    }

    /** Uniform in [low, high]. */
    static long between(RandomGenerator rng, long low, long high) {
        return low + rng.nextLong(high - low + 1);
    }

    static <T> T pick(RandomGenerator rng, List<T> items) {
        return items.get(rng.nextInt(items.size()));
    }

    static char pick(RandomGenerator rng, String chars) {
        return chars.charAt(rng.nextInt(chars.length()));
    }

    static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) p *= 10;
        return p;
    }
}
