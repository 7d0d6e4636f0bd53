package io.reason4j.data.task;

/**
 * Which traces a cold-start build writes.
 *
 * @param code            code-integrated (ReTool) rather than text-only
 * @param codeProbability the chance that a calculation step becomes code (1: every step); code traces only
 * @param seed            decides, with each problem's seed, which steps become code
 */
public record TraceStyle(boolean code, double codeProbability, long seed) {
    /** Text-only traces, for the text-only baseline. */
    public static final TraceStyle TEXT_ONLY = new TraceStyle(false, 0, 0);

    public TraceStyle {
        if (!(codeProbability >= 0 && codeProbability <= 1)) {
            throw new IllegalArgumentException("code_probability must be a number in [0, 1], got " + codeProbability);
        }
    }

    /** Code-integrated traces. */
    public static TraceStyle code(double codeProbability, long seed) {
        return new TraceStyle(true, codeProbability, seed);
    }
}
