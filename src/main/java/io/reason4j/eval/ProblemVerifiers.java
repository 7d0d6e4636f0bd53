package io.reason4j.eval;

import io.reason4j.data.PromptExample;
import io.reason4j.data.task.Tasks;
import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.MathVerifier;
import io.reason4j.reward.VerifierSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which verifier judges a problem: a built-in task's own checker when the problem's
 * {@code data_source} names one (Countdown's answers are expressions, not unique values), the math
 * verifier for everything else, as training does; all of them find answers as the settings say.
 */
public final class ProblemVerifiers implements Function<PromptExample, AnswerVerifier> {
    private final VerifierSettings settings;
    private final MathVerifier math;
    private final Map<String, AnswerVerifier> byTask = new ConcurrentHashMap<>();

    public ProblemVerifiers(VerifierSettings settings) {
        this.settings = settings;
        this.math = MathVerifier.of(settings);
    }

    @Override
    public AnswerVerifier apply(PromptExample problem) {
        String source = problem.dataSource();
        if (!Tasks.names().contains(source)) return math;
        return byTask.computeIfAbsent(source, name -> Tasks.create(name).verifier(settings));
    }

    /** Whether two extracted answers are one answer for majority voting: the math verifier's equivalence. */
    public boolean sameAnswer(String a, String b) {
        return math.verify(a, "\\boxed{" + b + "}", null).equivalent();
    }
}
