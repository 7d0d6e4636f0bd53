package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;
import io.reason4j.reward.VerifierSettings;

import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.PythonTool;
import io.reason4j.tool.SandboxConfig;
import io.reason4j.tool.ToolResult;
import io.reason4j.tool.ToolStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both trace forms, with the code run in the real sandbox. */
class TraceRendererTest {
    private static PythonSandbox sandbox;

    /** Compute 347*28-1923: the example of the docs. */
    static final TaskProblem EXAMPLE = new TaskProblem("example-0", "arithmetic", 0, "Compute 347*28-1923.", "7793",
            List.of(CalculationStep.printing("347*28", "347*28", 9716), CalculationStep.printing("{0}-1923", "{0}-1923", 7793)),
            "{1}", Map.of());

    @BeforeAll
    static void start() {
        // No preloaded modules: the traces' code is plain arithmetic, and a bare interpreter forks faster.
        sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(List.of()));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void textOnlyTraceIsOneLinePerStepThenTheBoxedAnswer() {
        Trace t = TraceRenderer.textOnly(EXAMPLE);
        assertThat(t.response()).isEqualTo("347*28 = 9716\n9716-1923 = 7793\nThe answer is \\boxed{7793}.");
        assertThat(t.segments()).containsExactly(new TraceSegment(t.response(), true));
        assertThat(t.calls()).isEmpty();
    }

    @Test
    void codeTraceInsertsTheInterpretersOutputRightAfterEachBlockAsTheRolloutDoes() {
        Trace t = TraceRenderer.xml(sandbox).codeIntegrated(EXAMPLE, 1.0, 0);
        assertThat(t.response()).isEqualTo("""
                <code>
                print(347*28)
                </code><interpreter>
                9716
                </interpreter>
                <code>
                print(9716-1923)
                </code><interpreter>
                7793
                </interpreter>
                The answer is \\boxed{7793}.""");
        assertThat(t.segments()).containsExactly(
                new TraceSegment("<code>\nprint(347*28)\n</code>", true),
                new TraceSegment("<interpreter>\n9716\n</interpreter>\n", false),
                new TraceSegment("<code>\nprint(9716-1923)\n</code>", true),
                new TraceSegment("<interpreter>\n7793\n</interpreter>\n", false),
                new TraceSegment("The answer is \\boxed{7793}.", true));
        assertThat(t.calls()).extracting(TraceCall::code).containsExactly("print(347*28)", "print(9716-1923)");
        assertThat(t.calls()).extracting(TraceCall::status).containsOnly(ToolStatus.OK);
        assertThat(t.mismatches()).isEmpty();
    }

    @Test
    void withoutCodeStepsTheCodeTraceIsTheTextTrace() {
        assertThat(TraceRenderer.xml(sandbox).codeIntegrated(EXAMPLE, 0.0, 5).response()).isEqualTo(TraceRenderer.textOnly(EXAMPLE).response());
    }

    @Test
    void whichStepsAreCodeFollowsTheSeedAndTheProbability() {
        ReasoningTask task = Tasks.create("arithmetic", Map.of("steps", 4));
        // Which steps are code needs no tool output: a tool that prints the right value is enough here.
        PythonTool exact = code -> new ToolResult(ToolStatus.OK, PythonIntegers.evalPrint(code) + "\n", "", 0, 0);
        TraceRenderer renderer = TraceRenderer.xml(exact);
        int code = 0, steps = 0, differ = 0;
        for (TaskProblem p : task.problems(0, 200)) {
            Trace a = renderer.codeIntegrated(p, 0.5, 11), again = renderer.codeIntegrated(p, 0.5, 11), other = renderer.codeIntegrated(p, 0.5, 12);
            assertThat(again).isEqualTo(a);
            if (!other.equals(a)) differ++;
            code += a.calls().size();
            steps += p.steps().size();
        }
        assertThat((double) code / steps).isBetween(0.45, 0.55);
        assertThat(differ).isGreaterThan(150);
    }

    @Test
    void laterStepsUseTheValueReadFromTheOutput() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        PythonTool offByOne = code -> {
            ran.add(code);
            return new ToolResult(ToolStatus.OK, PythonIntegers.evalPrint(code).add(java.math.BigInteger.ONE) + "\n", "", 0, 0);
        };
        Trace t = TraceRenderer.xml(offByOne).codeIntegrated(EXAMPLE, 1.0, 0);
        assertThat(ran).containsExactly("print(347*28)", "print(9717-1923)");
        assertThat(t.response()).endsWith("\\boxed{7795}.");
        assertThat(t.mismatches()).containsExactly("step 1: the interpreter printed '9717' where the calculation gives 9716",
                "step 2: the interpreter printed '7795' where the calculation gives 7793");
    }

    @Test
    void everyTasksCodeOutputIsTheValueOfItsPythonComputedIndependently() {
        TraceRenderer renderer = TraceRenderer.xml(sandbox);
        for (String name : Tasks.names()) {
            for (Map<String, Object> options : variants(name)) {
                ReasoningTask task = Tasks.create(name, options);
                for (TaskProblem p : task.problems(500, 25)) {
                    Trace t = renderer.codeIntegrated(p, 1.0, 3);
                    assertThat(t.calls()).hasSize(p.steps().size());
                    for (TraceCall c : t.calls()) {
                        assertThat(c.status()).isEqualTo(ToolStatus.OK);
                        assertThat(c.output()).as(c.code()).isEqualTo(PythonIntegers.evalPrint(c.code()) + "\n");
                    }
                    assertThat(t.mismatches()).isEmpty();
                    assertThat(task.verifier(VerifierSettings.strict()).verify(p.reference(), t.policyWords(), p.question()).equivalent()).as(t.response()).isTrue();
                }
            }
        }
    }

    static List<Map<String, Object>> variants(String task) {
        return switch (task) {
            case "arithmetic" -> List.of(Map.of(), Map.of("word_problems", true, "operations", "+-*/", "steps", 3));
            case "modular" -> List.of(Map.of("form", "power"), Map.of("form", "linear"));
            case "linear" -> List.of(Map.of(), Map.of("unknowns", 2));
            default -> List.of(Map.of(), Map.of("use_all", false, "count", 5));
        };
    }
}
