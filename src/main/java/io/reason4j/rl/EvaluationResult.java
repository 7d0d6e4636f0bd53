package io.reason4j.rl;

import java.util.Map;

/**
 * Accuracy on the held-out split at one point of a run.
 *
 * @param step           the RL step it was measured after (0 = before RL)
 * @param accuracy       the fraction of responses whose answer is correct (avg@n over problems and samples)
 * @param responses      responses scored (problems × samples)
 * @param meanLength     mean response length in tokens
 * @param toolMetrics    the tool statistics of retool.md over these responses ({@code tool/…})
 */
public record EvaluationResult(long step, double accuracy, int responses, double meanLength, Map<String, Double> toolMetrics) {
    public EvaluationResult {
        toolMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(toolMetrics)); // a stable order in metrics files
    }
}
