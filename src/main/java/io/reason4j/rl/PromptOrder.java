package io.reason4j.rl;

import java.util.Random;

/**
 * The order in which an RL run visits its training prompts: epoch after epoch, each a permutation
 * drawn from the run's seed and the epoch number alone, so that a resumed run continues with the
 * prompts the interrupted one would have used ({@link #cursor}).
 */
final class PromptOrder {
    private final int size;
    private final long seed;
    private int epoch, index;
    private int[] permutation;

    PromptOrder(int size, long seed, long cursor) {
        if (size < 1) throw new IllegalArgumentException("an RL run needs at least one training prompt");
        this.size = size;
        this.seed = seed;
        this.epoch = (int) (cursor / size);
        this.index = (int) (cursor % size);
        this.permutation = permutation(epoch);
    }

    /** The next prompt's index into the training set. */
    int next() {
        if (index == size) {
            epoch++;
            index = 0;
            permutation = permutation(epoch);
        }
        return permutation[index++];
    }

    /** Prompts handed out so far (epoch × size + index): what a checkpoint stores. */
    long cursor() {
        return (long) epoch * size + index;
    }

    private int[] permutation(int epoch) {
        return permutation(size, new Random(seed * 0x9E3779B97F4A7C15L + epoch));
    }

    /** 0..n−1 shuffled by Fisher–Yates with java.util.Random, whose sequence the Java specification fixes. */
    static int[] permutation(int size, Random random) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) p[i] = i;
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
