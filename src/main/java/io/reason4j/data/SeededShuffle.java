package io.reason4j.data;

import java.util.Random;

/**
 * Deterministic shuffles: the same seed, purpose and epoch give the same order on every machine and
 * Java version, so a resumed run sees the batches the interrupted one would have seen.
 *
 * <p>We use {@link java.util.Random}, whose algorithm the Java specification fixes (a 48-bit LCG,
 * with {@code nextInt(bound)} defined exactly), and our own Fisher-Yates loop rather than
 * {@code Collections.shuffle}, whose traversal is only an implementation note.
 */
final class SeededShuffle {

    /** Purposes, so that the split and the epoch orders draw from unrelated streams. */
    static final long EXAMPLE_ORDER = 1;
    static final long BATCH_ORDER = 2;
    static final long HELD_OUT = 3;

    private SeededShuffle() {
    }

    static Random random(long seed, long purpose, long epoch) {
        long x = seed;
        x = mix(x ^ mix(purpose + 0x9E3779B97F4A7C15L));
        x = mix(x ^ mix(epoch + 0xBF58476D1CE4E5B9L));
        return new Random(x);
    }

    /** 0..n-1 in order. */
    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /** 0..n-1 in random order. */
    static int[] permutation(int n, Random random) {
        int[] p = identity(n);
        shuffle(p, random);
        return p;
    }

    /** Fisher-Yates, from the last element down. */
    static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** SplitMix64's finalizer: spreads nearby seeds (0, 1, 2) to unrelated values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
