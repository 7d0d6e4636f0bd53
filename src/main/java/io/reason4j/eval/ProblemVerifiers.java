package io.reason4j.eval;

import io.reason4j.data.PromptExample;
import io.reason4j.data.task.ReasoningTask;
import io.reason4j.data.task.Tasks;
import io.reason4j.reward.AnswerVerifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which verifier judges a problem: a built-in task's own checker when the problem's
 * {@code data_source} names one (Countdown's answers are expressions, not unique values), the math
 * verifier for everything else, as training does.
 */
public final class ProblemVerifiers implements Function<PromptExample, AnswerVerifier> {
    private final Map<String, AnswerVerifier> byTask = new ConcurrentHashMap<>();

    @Override
    public AnswerVerifier apply(PromptExample problem) {
        String source = problem.dataSource();
        if (!Tasks.names().contains(source)) return ReasoningTask.MATH_VERIFIER;
        return byTask.computeIfAbsent(source, name -> Tasks.create(name).verifier());
    }

    /** Whether two extracted answers are one answer for majority voting: the math verifier's equivalence. */
    public static boolean sameAnswer(String a, String b) {
        return ReasoningTask.MATH_VERIFIER.verify(a, "\\boxed{" + b + "}", null).equivalent();
    }
}
