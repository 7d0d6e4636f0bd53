package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.rollout.InlineToolFormat;
import io.reason4j.tool.PythonTool;
import io.reason4j.tool.ToolResult;
import io.reason4j.tool.ToolStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ReTool's well-formedness filter on traces written by hand, each wrong in one way. */
class TraceCheckTest {
    private final TraceCheck check = new TraceCheck(InlineToolFormat.XML, 8);

    private static Trace trace(List<TraceSegment> segments, List<TraceCall> calls) {
        return new Trace(TraceRendererTest.EXAMPLE, segments, calls, List.of());
    }

    private static TraceSegment model(String text) {
        return new TraceSegment(text, true);
    }

    private static TraceSegment inserted(String text) {
        return new TraceSegment(text, false);
    }

    private static TraceCall call(String code, String output) {
        return new TraceCall(0, code, output, ToolStatus.OK);
    }

    @Test
    void theRenderersTracesAreWellFormed() {
        Trace good = trace(List.of(model("<code>\nprint(347*28)\n</code>"), inserted("<interpreter>\n9716\n</interpreter>\n"),
                model("9716-1923 = 7793\nThe answer is \\boxed{7793}.")), List.of(call("print(347*28)", "9716\n")));
        assertThat(check.problem(good)).isEmpty();
        assertThat(check.problem(TraceRenderer.textOnly(TraceRendererTest.EXAMPLE))).isEmpty();
        // A closing marker alone is no call: the rollout pauses there, finds nothing to run and goes on.
        assertThat(check.problem(trace(List.of(model("a </code> b \\boxed{1}")), List.of()))).isEmpty();
    }

    @Test
    void aNewlineBetweenTheBlockAndItsOutputIsNotWhatTheRolloutProduces() {
        Trace t = trace(List.of(model("<code>\nprint(347*28)\n</code>\n"), inserted("<interpreter>\n9716\n</interpreter>\n"), model("\\boxed{9716}")),
                List.of(call("print(347*28)", "9716\n")));
        assertThat(check.problem(t)).hasValue("segment 1: the rollout would stop at character 28 and run code there, not where the output is");
    }

    @Test
    void aCloseMarkerInsideTheCodeEndsTheCallEarly() {
        String code = "print(len('</code>'))";
        Trace t = trace(List.of(model("<code>\n" + code + "\n</code>"), inserted("<interpreter>\n7\n</interpreter>\n"), model("\\boxed{7}")),
                List.of(call(code, "7\n")));
        assertThat(check.problem(t)).hasValueSatisfying(p -> assertThat(p).contains("the rollout would stop at character 25"));
    }

    @Test
    void insertedTextAndCodeMustBeExactlyWhatTheRolloutWouldUse() {
        Trace badOutput = trace(List.of(model("<code>\nprint(1)\n</code>"), inserted("<interpreter>1</interpreter>\n"), model("\\boxed{1}")),
                List.of(call("print(1)", "1\n")));
        assertThat(check.problem(badOutput)).hasValue("call 1: the inserted text is not what the rollout inserts for its output");
        Trace otherCode = trace(List.of(model("<code>\nprint(1)\n</code>"), inserted("<interpreter>\n1\n</interpreter>\n"), model("\\boxed{1}")),
                List.of(call("print(2)", "1\n")));
        assertThat(check.problem(otherCode)).hasValue("call 1: the rollout would run 'print(1)', the trace ran 'print(2)'");
    }

    @Test
    void codeWithoutOutputOutputWithoutCodeAndTooManyCalls() {
        assertThat(check.problem(trace(List.of(model("<code>\nprint(1)\n</code>\n\\boxed{1}")), List.of())))
                .hasValue("the final text closes a code block at character 23 that no interpreter output follows");
        assertThat(check.problem(trace(List.of(inserted("<interpreter>\n1\n</interpreter>\n"), model("\\boxed{1}")), List.of())))
                .hasValue("segment 1: interpreter output that follows no code block");
        assertThat(check.problem(trace(List.of(model("\\boxed{1}"), inserted("x")), List.of())))
                .hasValue("the trace must end with text the model writes (its answer)");
        assertThat(check.problem(trace(List.of(model("2+2 = 4\n"), inserted("<interpreter>\n4\n</interpreter>\n"), model("\\boxed{4}")), List.of())))
                .hasValue("segment 1: interpreter output follows text that closes no code block the rollout can read");
        Trace two = trace(List.of(model("<code>\nprint(1)\n</code>"), inserted("<interpreter>\n1\n</interpreter>\n"),
                model("<code>\nprint(2)\n</code>"), inserted("<interpreter>\n2\n</interpreter>\n"), model("\\boxed{2}")),
                List.of(call("print(1)", "1\n"), call("print(2)", "2\n")));
        assertThat(check.problem(two)).isEmpty();
        assertThat(new TraceCheck(InlineToolFormat.XML, 1).problem(two)).hasValue("2 calls; the rollout allows 1");
    }

    @Test
    void fencedMarkersWorkTheSameWayThoughTheOpeningFenceAlsoStopsTheRollout() {
        PythonTool exact = code -> new ToolResult(ToolStatus.OK, PythonIntegers.evalPrint(code) + "\n", "", 0, 0);
        Trace t = new TraceRenderer(exact, InlineToolFormat.FENCED, 1024).codeIntegrated(TraceRendererTest.EXAMPLE, 1.0, 0);
        assertThat(t.response()).startsWith("```python\nprint(347*28)\n``````output\n9716\n```\n");
        assertThat(new TraceCheck(InlineToolFormat.FENCED, 8).problem(t)).isEmpty();
    }
}
