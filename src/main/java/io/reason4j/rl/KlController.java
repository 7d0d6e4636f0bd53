package io.reason4j.rl;

/**
 * The coefficient β of a KL-in-reward penalty (methods.md): fixed, or adaptive (Ziegler et al.
 * 2019): {@code β ← β · (1 + clip(KL/target − 1, ±0.2) · n/horizon)} after a step that saw n
 * samples with mean KL. Mutable: one per run, saved with the checkpoint by the trainer.
 */
public final class KlController {
    private final boolean adaptive;
    private final double target, horizon;
    private double beta;

    private KlController(double beta, boolean adaptive, double target, double horizon) {
        this.beta = beta;
        this.adaptive = adaptive;
        this.target = target;
        this.horizon = horizon;
    }

    public static KlController fixed(double beta) {
        return new KlController(beta, false, 0, 1);
    }

    public static KlController adaptive(double beta, double target, double horizon) {
        if (!(target > 0) || !(horizon > 0)) throw new IllegalArgumentException("an adaptive KL controller needs target > 0 and horizon > 0");
        return new KlController(beta, true, target, horizon);
    }

    /** The controller a {@link KlConfig} describes. */
    public static KlController of(KlConfig c) {
        return c.controller().equals("adaptive") ? adaptive(c.coef(), c.target(), c.horizon()) : fixed(c.coef());
    }

    /** The controller of {@code c} continuing from a saved β. */
    public static KlController restore(KlConfig c, double beta) {
        KlController k = of(c);
        k.beta = beta;
        return k;
    }

    public double beta() {
        return beta;
    }

    /** After a step: the mean KL it measured over {@code samples} responses. */
    public void update(double meanKl, int samples) {
        if (!adaptive) return;
        double error = Math.clamp(meanKl / target - 1, -0.2, 0.2);
        beta *= 1 + error * samples / horizon;
    }
}
