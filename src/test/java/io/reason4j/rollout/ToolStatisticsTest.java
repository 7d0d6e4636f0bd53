package io.reason4j.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.reason4j.tool.ToolStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ReTool analysis metrics against values computed by hand. */
class ToolStatisticsTest {

    private static Trajectory response(int length, ToolCallRecord... calls) {
        return new Trajectory(0, new int[] {1, 2}, new int[length], new int[length], new float[length], List.of(calls),
                RolloutFinish.STOP, 0, 0);
    }

    private static ToolCallRecord call(String code, ToolStatus status, double wallMillis, int position) {
        return new ToolCallRecord(code, "output", status, wallMillis, position, 3);
    }

    /*
     * r0 correct, 100 tokens: a failing call (2 code lines) at 20, then a passing one (1 line) at 60: a self-correction
     * r1 wrong,    50 tokens: a passing call (3 lines) at 10, then a timeout (1 line) at 40: not one
     * r2 correct,  40 tokens: no calls
     * r3 wrong,    10 tokens: a sandbox error (no code) at 5
     */
    private static final List<Trajectory> BATCH = List.of(
            response(100, call("x = 1\n\nprint(x)\n", ToolStatus.ERROR, 10, 20), call("print(2)", ToolStatus.OK, 30, 60)),
            response(50, call("a\n  \nb\nc", ToolStatus.OK, 20, 10), call("boom", ToolStatus.TIMEOUT, 40, 40)),
            response(40),
            response(10, call("", ToolStatus.SANDBOX_ERROR, 0, 5)));
    private static final boolean[] CORRECT = {true, false, true, false};

    @Test
    void handComputedBatch() {
        ToolStatistics s = ToolStatistics.of(BATCH, CORRECT);
        assertThat(s.responses()).isEqualTo(4);
        assertThat(s.responsesWithCalls()).isEqualTo(3);
        assertThat(s.calls()).isEqualTo(5);
        assertThat(s.selfCorrections()).isEqualTo(1);

        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("tool/code_ratio", 3 / 4.0);
        expected.put("tool/calls_per_response", 5 / 4.0);
        expected.put("tool/code_lines_per_response", (2 + 1 + 3 + 1 + 0) / 4.0);
        expected.put("tool/pass_rate", 2 / 5.0);
        expected.put("tool/pass_rate_correct", 1 / 2.0);
        expected.put("tool/pass_rate_wrong", 1 / 3.0);
        expected.put("tool/first_call_position", (20 / 100.0 + 10 / 50.0 + 5 / 10.0) / 3);
        expected.put("tool/self_correction_rate", 1 / 3.0);
        expected.put("tool/self_corrections", 1.0);
        expected.put("tool/wall_ms_mean", (10 + 30 + 20 + 40 + 0) / 5.0);
        expected.put("tool/response_length_mean", (100 + 50 + 40 + 10) / 4.0);
        Map<String, Double> metrics = s.asMetrics("");
        assertThat(metrics.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, value) -> assertThat(metrics.get(name)).as(name).isCloseTo(value, offset(1e-12)));
    }

    @Test
    void prefixGoesFirst() {
        assertThat(ToolStatistics.of(BATCH, CORRECT).asMetrics("eval/"))
                .containsKey("eval/tool/code_ratio").allSatisfy((name, v) -> assertThat(name).startsWith("eval/tool/"));
    }

    @Test
    void metricsOverNoCallsAreLeftOut() {
        ToolStatistics none = ToolStatistics.of(List.of(response(10), response(30)), new boolean[] {true, false});
        assertThat(none.passRate()).isNaN();
        assertThat(none.firstCallPosition()).isNaN();
        assertThat(none.asMetrics("")).containsExactly(
                Map.entry("tool/code_ratio", 0.0),
                Map.entry("tool/calls_per_response", 0.0),
                Map.entry("tool/code_lines_per_response", 0.0),
                Map.entry("tool/self_corrections", 0.0),
                Map.entry("tool/response_length_mean", 20.0));

        // every response correct: no pass rate of wrong ones
        ToolStatistics allCorrect = ToolStatistics.of(List.of(response(10, call("1", ToolStatus.OK, 1, 5))),
                new boolean[] {true});
        assertThat(allCorrect.asMetrics("")).containsEntry("tool/pass_rate_correct", 1.0)
                .doesNotContainKey("tool/pass_rate_wrong");
        // a correct response with no calls does not make a pass rate of correct ones
        ToolStatistics correctWithoutCalls = ToolStatistics.of(
                List.of(response(10), response(10, call("1", ToolStatus.ERROR, 1, 5))), new boolean[] {true, false});
        assertThat(correctWithoutCalls.asMetrics("")).containsEntry("tool/pass_rate_wrong", 0.0)
                .doesNotContainKey("tool/pass_rate_correct");
    }

    @Test
    void selfCorrectionNeedsAFailureBeforeASuccess() {
        boolean[] wrong = {false};
        assertThat(ToolStatistics.of(List.of(response(99, call("a", ToolStatus.MEMORY, 1, 10),
                call("b", ToolStatus.OUTPUT_LIMIT, 1, 20), call("c", ToolStatus.OK, 1, 30))), wrong).selfCorrections()).isEqualTo(1);
        assertThat(ToolStatistics.of(List.of(response(99, call("a", ToolStatus.OK, 1, 10),
                call("b", ToolStatus.ERROR, 1, 20))), wrong).selfCorrections()).isZero();
        assertThat(ToolStatistics.of(List.of(response(99, call("a", ToolStatus.ERROR, 1, 10),
                call("b", ToolStatus.ERROR, 1, 20))), wrong).selfCorrections()).isZero();
    }

    @Test
    void codeLinesAreNonBlankLines() {
        assertThat(ToolStatistics.nonBlankLines("")).isZero();
        assertThat(ToolStatistics.nonBlankLines(null)).isZero();
        assertThat(ToolStatistics.nonBlankLines("\n \t\n")).isZero();
        assertThat(ToolStatistics.nonBlankLines("import math\r\n\r\nprint(math.pi)\n")).isEqualTo(2);
    }

    @Test
    void oneFlagPerTrajectory() {
        assertThatThrownBy(() -> ToolStatistics.of(BATCH, new boolean[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("one correctness flag per trajectory: 4 trajectories, 3 flags");
        ToolStatistics empty = ToolStatistics.of(List.of(), new boolean[0]);
        assertThat(empty.codeRatio()).isNaN();
        assertThat(empty.asMetrics("")).containsExactly(Map.entry("tool/self_corrections", 0.0));
    }
}
