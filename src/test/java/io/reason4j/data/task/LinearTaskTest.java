package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.reward.MathVerifier;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LinearTaskTest {
    private static final Pattern ONE = Pattern.compile("Solve (\\d+)x ([+-]) (\\d+) = (-?\\d+)\\.");
    private static final String EQUATION = "(-?\\d+)x ([+-]) (\\d+)y = (-?\\d+)";
    private static final Pattern TWO = Pattern.compile("Solve " + EQUATION + ", " + EQUATION + "\\.");

    @Test
    void theSolutionSatisfiesTheEquation() {
        for (Map<String, Object> options : List.<Map<String, Object>>of(Map.of(), Map.of("digits", 4, "solution_digits", 4), Map.of("digits", 1, "solution_digits", 1))) {
            ReasoningTask task = Tasks.create("linear", options);
            for (long seed = 0; seed < 200; seed++) {
                TaskProblem p = task.problem(seed);
                Matcher m = ONE.matcher(p.question());
                assertThat(m.matches()).as(p.question()).isTrue();
                long a = Long.parseLong(m.group(1)), b = Long.parseLong(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
                long x = Long.parseLong(p.reference());
                assertThat(a * x + b).as(p.question()).isEqualTo(Long.parseLong(m.group(4)));
                assertThat(p.finalAnswer()).isEqualTo(p.reference());
                SolutionChecks.stepsComputeTheirValues(p);
            }
        }
    }

    @Test
    void systemsHaveTheirPairAsTheUniqueSolution() {
        ReasoningTask task = Tasks.create("linear", Map.of("unknowns", 2));
        Pattern pair = Pattern.compile("\\((-?\\d+), (-?\\d+)\\)");
        for (long seed = 0; seed < 200; seed++) {
            TaskProblem p = task.problem(seed);
            Matcher m = TWO.matcher(p.question()), s = pair.matcher(p.reference());
            assertThat(m.matches()).as(p.question()).isTrue();
            assertThat(s.matches()).isTrue();
            long x = Long.parseLong(s.group(1)), y = Long.parseLong(s.group(2));
            long a1 = Long.parseLong(m.group(1)), b1 = Long.parseLong(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
            long a2 = Long.parseLong(m.group(5)), b2 = Long.parseLong(m.group(7)) * (m.group(6).equals("-") ? -1 : 1);
            assertThat(a1 * x + b1 * y).isEqualTo(Long.parseLong(m.group(4)));
            assertThat(a2 * x + b2 * y).isEqualTo(Long.parseLong(m.group(8)));
            assertThat(a1 * b2 - a2 * b1).as("unique solution").isNotZero();
            assertThat(p.finalAnswer()).isEqualTo(p.reference());
            SolutionChecks.stepsComputeTheirValues(p);
        }
    }

    @Test
    void theMathVerifierComparesPairsInOrder() {
        TaskProblem p = Tasks.create("linear", Map.of("unknowns", 2)).problem(3);
        MathVerifier verifier = MathVerifier.withDefaults();
        Matcher s = Pattern.compile("\\((-?\\d+), (-?\\d+)\\)").matcher(p.reference());
        assertThat(s.matches()).isTrue();
        assertThat(verifier.verify(p.reference(), "The answer is \\boxed{" + p.finalAnswer() + "}.").equivalent()).isTrue();
        if (!s.group(1).equals(s.group(2))) {
            String swapped = "(" + s.group(2) + ", " + s.group(1) + ")";
            assertThat(verifier.verify(p.reference(), "The answer is \\boxed{" + swapped + "}.").equivalent()).isFalse();
        }
    }

    @Test
    void deterministicBySeed() {
        SolutionChecks.deterministicBySeed("linear", Map.of());
        SolutionChecks.deterministicBySeed("linear", Map.of("unknowns", 2));
    }
}
