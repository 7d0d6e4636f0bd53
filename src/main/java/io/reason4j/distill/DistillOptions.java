package io.reason4j.distill;

/**
 * What distillation keeps of the teacher's samples and how it writes them.
 *
 * @param maxPerProblem correct traces kept per problem at most (Open R1 keeps one or a few)
 * @param choice        which ones, when a problem has more
 * @param plainFormat   how traces without inserted text are written
 */
public record DistillOptions(int maxPerProblem, TraceChoice choice, PlainTraceFormat plainFormat) {
    public static final DistillOptions DEFAULTS = new DistillOptions(1, TraceChoice.FIRST, PlainTraceFormat.MESSAGES);

    public DistillOptions {
        if (maxPerProblem < 1) throw new IllegalArgumentException("--max-per-problem must be at least 1, got " + maxPerProblem);
    }
}
