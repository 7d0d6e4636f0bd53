package io.reason4j.data.task;

import java.util.List;

/**
 * What a cold-start build kept and dropped, and why (ReTool's two filters).
 *
 * @param task             the task's name
 * @param problems         traces rendered, one per problem
 * @param kept             traces that passed both filters
 * @param droppedMalformed traces whose code blocks the rollout would not read as they were run
 * @param droppedWrong     traces whose final answer the task's verifier rejects, or whose interpreter
 *                         output disagrees with the calculation
 * @param calls            code blocks run, in all traces
 * @param reasons          the first few reasons for dropping, each naming the problem
 */
public record ColdStartReport(String task, int problems, int kept, int droppedMalformed, int droppedWrong, int calls, List<String> reasons) {
    /** How many reasons are kept: enough to see what went wrong, not a copy of the data set. */
    public static final int MAX_REASONS = 5;

    public ColdStartReport {
        reasons = List.copyOf(reasons);
    }

    /** One paragraph for a log. */
    public String summary() {
        StringBuilder s = new StringBuilder(task + ": " + problems + " traces, kept " + kept + ", dropped " + droppedMalformed
                + " malformed and " + droppedWrong + " wrong; " + calls + " code calls");
        for (String r : reasons) s.append("\n  ").append(r);
        return s.toString();
    }
}
