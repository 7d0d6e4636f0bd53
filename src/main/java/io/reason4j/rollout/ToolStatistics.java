package io.reason4j.rollout;

import io.reason4j.tool.ToolStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis metrics of tool-integrated reasoning over a batch of responses, as the ReTool paper
 * tracks them during RL (Feng et al. 2025, arXiv:2504.11536, its analysis of code-interpreter use;
 * spec/retool.md "Analysis metrics"): there the code ratio rises to ~98%, code gets longer, the first
 * call moves earlier, and the response length first drops and then rises.
 *
 * <p>A call <em>passes</em> when its status is {@link ToolStatus#OK}; every other status fails,
 * sandbox errors included (the call did not run; a rising count of them shows up here first).
 * A metric over no calls (a pass rate of a batch without calls, or of its correct responses when none
 * called the tool) is undefined: NaN here, and left out of {@link #asMetrics}, so a plot shows a gap
 * rather than a made-up 0 or 1.
 *
 * @param responses            how many responses
 * @param responsesWithCalls   how many made at least one tool call
 * @param calls                tool calls in all responses
 * @param codeRatio            responsesWithCalls / responses
 * @param callsPerResponse     calls / responses
 * @param codeLinesPerResponse non-blank lines of code in all calls / responses (responses without
 *                             calls count, with 0 lines)
 * @param passRate             calls that passed / calls
 * @param passRateCorrect      the same over the calls of responses whose answer was correct
 * @param passRateWrong        the same over the calls of responses whose answer was wrong
 * @param firstCallPosition    over responses with calls, the mean of (position of the first call ÷
 *                             response length in tokens), in (0, 1]. The position is where the
 *                             interpreter output was inserted, the token just after the call's closing
 *                             marker: the call is counted where it ends, not where it starts
 * @param selfCorrectionRate   selfCorrections / responsesWithCalls
 * @param selfCorrections      responses in which a failing call is followed, later in the response, by
 *                             a passing one
 * @param wallMillisMean       mean wall time of a call, in milliseconds
 * @param responseLengthMean   mean response length in tokens, all tokens (sampled and inserted)
 */
public record ToolStatistics(int responses, int responsesWithCalls, int calls, double codeRatio,
                             double callsPerResponse, double codeLinesPerResponse, double passRate,
                             double passRateCorrect, double passRateWrong, double firstCallPosition,
                             double selfCorrectionRate, int selfCorrections, double wallMillisMean,
                             double responseLengthMean) {

    /**
     * @param trajectories the responses
     * @param correct      per trajectory, whether its final answer was correct (the outcome reward)
     */
    public static ToolStatistics of(List<Trajectory> trajectories, boolean[] correct) {
        if (correct.length != trajectories.size()) {
            throw new IllegalArgumentException("one correctness flag per trajectory: " + trajectories.size()
                    + " trajectories, " + correct.length + " flags");
        }
        int withCalls = 0;
        int calls = 0;
        long codeLines = 0;
        int[] passed = new int[2];  // [wrong, correct]
        int[] called = new int[2];
        double firstPositionSum = 0;
        int selfCorrections = 0;
        double wallSum = 0;
        long lengthSum = 0;
        for (int i = 0; i < trajectories.size(); i++) {
            Trajectory t = trajectories.get(i);
            List<ToolCallRecord> records = t.toolCalls();
            int length = t.responseIds().length;
            lengthSum += length;
            if (records.isEmpty()) {
                continue;
            }
            withCalls++;
            calls += records.size();
            int side = correct[i] ? 1 : 0;
            boolean failedBefore = false;
            boolean corrected = false;
            for (ToolCallRecord call : records) {
                codeLines += nonBlankLines(call.input());
                wallSum += call.wallMillis();
                called[side]++;
                boolean passes = call.status() == ToolStatus.OK;
                if (passes) {
                    passed[side]++;
                    corrected |= failedBefore;
                } else {
                    failedBefore = true;
                }
            }
            if (corrected) {
                selfCorrections++;
            }
            // Records are in response order, so the first is the earliest call.
            firstPositionSum += length == 0 ? 0 : (double) records.getFirst().position() / length;
        }
        int n = trajectories.size();
        return new ToolStatistics(n, withCalls, calls,
                ratio(withCalls, n),
                ratio(calls, n),
                ratio(codeLines, n),
                ratio(passed[0] + passed[1], calls),
                ratio(passed[1], called[1]),
                ratio(passed[0], called[0]),
                ratio(firstPositionSum, withCalls),
                ratio(selfCorrections, withCalls),
                selfCorrections,
                ratio(wallSum, calls),
                ratio(lengthSum, n));
    }

    /**
     * The metrics by name, {@code prefix + "tool/code_ratio"} and so on: prefix "" for training,
     * e.g. "eval/" for an evaluation. Undefined (NaN) metrics are left out.
     */
    public Map<String, Double> asMetrics(String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        String p = prefix + "tool/";
        put(out, p + "code_ratio", codeRatio);
        put(out, p + "calls_per_response", callsPerResponse);
        put(out, p + "code_lines_per_response", codeLinesPerResponse);
        put(out, p + "pass_rate", passRate);
        put(out, p + "pass_rate_correct", passRateCorrect);
        put(out, p + "pass_rate_wrong", passRateWrong);
        put(out, p + "first_call_position", firstCallPosition);
        put(out, p + "self_correction_rate", selfCorrectionRate);
        put(out, p + "self_corrections", selfCorrections);
        put(out, p + "wall_ms_mean", wallMillisMean);
        put(out, p + "response_length_mean", responseLengthMean);
        return out;
    }

    private static void put(Map<String, Double> out, String name, double value) {
        if (!Double.isNaN(value)) {
            out.put(name, value);
        }
    }

    private static double ratio(double numerator, long denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /** Lines with something other than whitespace: what a reader would call lines of code. */
    static int nonBlankLines(String code) {
        return code == null ? 0 : (int) code.lines().filter(line -> !line.isBlank()).count();
    }
}
