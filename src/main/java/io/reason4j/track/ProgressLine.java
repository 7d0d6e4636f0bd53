package io.reason4j.track;

import java.util.Locale;

/**
 * One human-readable progress line per logged step:
 * {@code step 120/600 (20%) | loss 1.2345 | lr 9.1e-04 | grad 0.83 | 5,123 tok/s | ETA 1m12s}.
 * The ETA extrapolates the time per step seen since this run (or resume) started.
 */
public final class ProgressLine {
    private final long totalSteps;
    private final long firstStep;
    private final long startNanos = System.nanoTime();

    public ProgressLine(long firstStep, long totalSteps) {
        this.firstStep = firstStep;
        this.totalSteps = totalSteps;
    }

    public String format(long step, double loss, double lr, double gradNorm, double tokensPerSecond, Double evalLoss) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "step %d/%d (%d%%) | loss %.4f", step, totalSteps, 100 * step / Math.max(1, totalSteps), loss));
        if (evalLoss != null) b.append(String.format(Locale.ROOT, " | eval %.4f", evalLoss));
        b.append(String.format(Locale.ROOT, " | lr %.2e | grad %.3g | %,.0f tok/s | ETA %s", lr, gradNorm, tokensPerSecond,
                duration(eta(step))));
        return b.toString();
    }

    /** Seconds left at the average pace since the start. */
    double eta(long step) {
        long done = step - firstStep;
        if (done <= 0) return Double.NaN;
        double perStep = (System.nanoTime() - startNanos) * 1e-9 / done;
        return perStep * (totalSteps - step);
    }

    /** A duration for people: {@code 42s}, {@code 3m07s}, {@code 1h05m}; {@code ?} for NaN. */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds)) return "?";
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", s % 3600 / 60) + "m";
    }
}
