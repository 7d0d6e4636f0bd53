package io.reason4j.data.task;

import io.reason4j.data.PromptExample;
import io.reason4j.text.ChatMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One problem of a built-in task with its worked solution.
 *
 * @param id        stable within the task: {@code <task>-<seed>}
 * @param task      the task's name
 * @param seed      the seed it was made from; the same task, options and seed give the same problem
 * @param question  the user message
 * @param reference the reference answer the task's verifier compares with (a number, a tuple, or
 *                  countdown's JSON of numbers and target)
 * @param steps     the solution's calculations, in order
 * @param answer    what the solution puts in {@code \boxed{}}, with {@code {k}} references to step
 *                  results (see {@link CalculationStep}), e.g. {@code {1}}
 * @param options   the task's option values it was made with
 */
public record TaskProblem(String id, String task, long seed, String question, String reference,
                          List<CalculationStep> steps, String answer, Map<String, Object> options) {

    public TaskProblem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(answer, "answer");
        steps = List.copyOf(steps);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The results of the steps as computed when the problem was made. */
    public List<String> values() {
        return steps.stream().map(CalculationStep::value).toList();
    }

    /** The text lines of the solution, e.g. {@code 347*28 = 9716}. */
    public List<String> solutionLines() {
        List<String> values = values(), lines = new ArrayList<>();
        for (CalculationStep s : steps) lines.add(s.textLine(values, s.value()));
        return lines;
    }

    /** The final answer of the solution, as boxed. */
    public String finalAnswer() {
        return CalculationStep.fill(answer, values());
    }

    /** The problem for RL or evaluation: the question as the user message, the reference as ground truth. */
    public PromptExample toPromptExample() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("seed", seed);
        extra.put("options", options);
        return new PromptExample(id, List.of(ChatMessage.user(question)), reference, task, extra);
    }
}
