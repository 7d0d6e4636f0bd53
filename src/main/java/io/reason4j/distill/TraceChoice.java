package io.reason4j.distill;

/**
 * Which of a problem's verified-correct traces distillation keeps when it has more than
 * {@code --max-per-problem}.
 */
public enum TraceChoice {
    /**
     * The first ones drawn (the default). Samples are drawn independently, so the first k correct
     * traces are a fair sample of the teacher's correct traces, and the student imitates the
     * teacher's reasoning as it is, long or short, as Open R1 keeps its generations.
     */
    FIRST,
    /**
     * The shortest (fewest response tokens; ties by draw order): Kimi k1.5's "shortest rejection
     * sampling", which distils a teacher into shorter reasoning (long2short) at the price of
     * imitating its less thorough traces.
     */
    SHORTEST
}
