package io.reason4j.rl;

/**
 * When value pretraining stops early (VC-PPO: train the critic "until value loss and explained
 * variance plateau"; longer began to hurt): after {@code patience} consecutive steps whose value
 * loss is not at least {@link #MIN_RELATIVE_DROP} below the best seen so far. Each step's loss is
 * measured on fresh rollouts, so a single noisy step neither stops nor resets it. Patience 0 never
 * stops early.
 */
final class ValueLossPlateau {
    /** A step improves when its loss is below best · (1 − this). */
    static final double MIN_RELATIVE_DROP = 0.01;

    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private int sinceBest;

    ValueLossPlateau(int patience) {
        this.patience = patience;
    }

    /** Records a step's value loss; true when pretraining should stop. */
    boolean record(double loss) {
        if (!Double.isFinite(loss)) return false;
        if (loss < best * (1 - MIN_RELATIVE_DROP)) {
            best = loss;
            sinceBest = 0;
            return false;
        }
        sinceBest++;
        return patience > 0 && sinceBest >= patience;
    }

    double best() {
        return best;
    }
}
