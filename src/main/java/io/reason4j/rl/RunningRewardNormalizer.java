package io.reason4j.rl;

/**
 * Reward normalisation (OpenRLHF): z-scores rewards with a running mean and std over every reward
 * seen so far (Welford's update, population std), including the current batch. Mutable, one per run.
 */
public final class RunningRewardNormalizer {
    private long count;
    private double mean, squares;

    /** Adds the batch to the running statistics, then returns its rewards as (R − mean) / (std + ε). */
    public double[] normalize(double[] rewards, double epsilon) {
        for (double r : rewards) {
            count++;
            double d = r - mean;
            mean += d / count;
            squares += d * (r - mean);
        }
        double std = count > 0 ? Math.sqrt(squares / count) : 0;
        double[] out = new double[rewards.length];
        for (int i = 0; i < out.length; i++) out[i] = (rewards[i] - mean) / (std + epsilon);
        return out;
    }

    /**
     * As {@link #normalize} but leaving the running statistics unchanged: the batch is normalised as if
     * added, then forgotten (value pretraining, where nothing but the critic may learn).
     */
    public double[] normalizeFrozen(double[] rewards, double epsilon) {
        return restore(count, mean, squares).normalize(rewards, epsilon);
    }

    /** A normalizer that continues from saved statistics ({@link #count}, {@link #mean}, {@link #squares}). */
    public static RunningRewardNormalizer restore(long count, double mean, double squares) {
        RunningRewardNormalizer n = new RunningRewardNormalizer();
        n.count = count;
        n.mean = mean;
        n.squares = squares;
        return n;
    }

    public long count() {
        return count;
    }

    /** Σ (r − mean)² so far (Welford's M2). */
    public double squares() {
        return squares;
    }

    public double mean() {
        return mean;
    }

    public double std() {
        return count > 0 ? Math.sqrt(squares / count) : 0;
    }
}
