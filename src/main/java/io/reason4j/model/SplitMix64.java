package io.reason4j.model;

import java.util.random.RandomGenerator;

/**
 * A deterministic random generator whose whole state is one {@code long}, so that a training run
 * can save it in a checkpoint and resume with exactly the same random choices (data order,
 * rollout seeds). {@link java.util.SplittableRandom} cannot be saved, and {@link java.util.Random}
 * is synchronised and weaker.
 *
 * <p>The algorithm is Steele, Lea and Flood's SplitMix64 (OOPSLA 2014, "Fast splittable
 * pseudorandom number generators"), as in Vigna's reference {@code splitmix64.c}: the state
 * advances by the golden gamma 0x9E3779B97F4A7C15 and each output is the state through Stafford's
 * "Mix13" finaliser. A generator seeded with {@code s} gives the same {@code nextLong()} sequence as
 * {@code new SplittableRandom(s)}.
 *
 * <p>Not thread-safe; give each thread its own generator (seeded from this one's {@link #nextLong()}).
 */
public final class SplitMix64 implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** A generator whose next output follows from {@code state}: a seed, or a saved {@link #state()}. */
    public SplitMix64(long state) {
        this.state = state;
    }

    /** The whole state: {@code new SplitMix64(state())} continues exactly where this one is. */
    public long state() {
        return state;
    }

    @Override
    public long nextLong() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // The methods below are written out rather than inherited so that their results cannot change
    // with the JDK's RandomSupport: a resumed run must draw exactly what the interrupted one would.

    @Override
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    /** Uniform in [0, 1) with 53 random bits, as {@code SplittableRandom.nextDouble()}. */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    @Override
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    @Override
    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /**
     * Uniform in [0, bound), without modulo bias: Lemire's multiply-and-reject ("Fast random
     * integer generation in an interval", ACM TOMACS 2019).
     */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long m = (nextLong() >>> 32) * bound;
        if ((m & 0xFFFFFFFFL) < bound) {
            long threshold = (1L << 32) % bound;
            while ((m & 0xFFFFFFFFL) < threshold) m = (nextLong() >>> 32) * bound;
        }
        return (int) (m >>> 32);
    }

    /** Uniform in [origin, bound). */
    @Override
    public int nextInt(int origin, int bound) {
        if (origin >= bound) throw new IllegalArgumentException("origin " + origin + " must be below bound " + bound);
        long range = (long) bound - origin;
        if (range <= Integer.MAX_VALUE) return origin + nextInt((int) range);
        int r;
        do {
            r = nextInt();
        } while (r < origin || r >= bound);
        return r;
    }

    /** Standard normal by Box-Muller from two {@link #nextDouble()} draws (the second value is not cached). */
    @Override
    public double nextGaussian() {
        double u1 = nextDouble(), u2 = nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
        return "SplitMix64[state=" + state + "]";
    }
}
