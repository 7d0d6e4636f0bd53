package io.reason4j.data.task;

import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.MathVerifier;
import io.reason4j.reward.VerifierSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * A built-in task: problems with exact, verifiable answers, made from a seed, whose difficulty is set
 * by its options. Each problem comes with its worked solution as calculation steps, from which
 * {@link TraceRenderer} writes text-only and code-integrated traces for cold-start SFT.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface ReasoningTask {

    /** The name it is registered under in {@link Tasks}. */
    String name();

    /** One sentence on what its problems are. */
    String description();

    /** The option values it was made with, defaults filled in. */
    TaskOptions options();

    /** The problem made from {@code seed}: the same options and seed always give the same problem. */
    TaskProblem problem(long seed);

    /**
     * What decides whether a response answers a problem (the reference is {@link TaskProblem#reference}),
     * finding the answer as {@code settings} say. Immutable and thread-safe.
     */
    default AnswerVerifier verifier(VerifierSettings settings) {
        return MathVerifier.of(settings);
    }

    /**
     * Whether its verifier compares decimals, so that {@code reward.float_rounding} means something
     * for it (a recipe that sets the key for a task whose answers have no decimals is refused).
     */
    default boolean comparesDecimals() {
        return true;
    }

    /** The problems of seeds {@code firstSeed}, {@code firstSeed + 1}, ..., {@code count} of them. */
    default List<TaskProblem> problems(long firstSeed, int count) {
        List<TaskProblem> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(problem(firstSeed + i));
        return out;
    }
}
