package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks every task's problems share: steps that compute their values, determinism by seed. */
final class SolutionChecks {
    private static final Pattern POWER_MOD = Pattern.compile("(-?\\d+)\\^(\\d+) mod (\\d+)");

    private SolutionChecks() {}

    /**
     * Each step's code, evaluated independently as Python, gives the step's value, and so does its
     * text line, read as arithmetic ({@code /} exact, {@code mod}, {@code a^e mod m}).
     */
    static void stepsComputeTheirValues(TaskProblem p) {
        List<String> values = p.values();
        for (int k = 0; k < p.steps().size(); k++) {
            CalculationStep step = p.steps().get(k);
            String code = step.code(values);
            assertThat(PythonIntegers.evalPrint(code)).as(p.id() + " step " + k + ": " + code).isEqualTo(new BigInteger(step.value()));
            String line = step.textLine(values, step.value());
            int eq = line.lastIndexOf(" = ");
            assertThat(line.substring(eq + 3)).isEqualTo(step.value());
            assertThat(evalText(line.substring(0, eq))).as(p.id() + " line " + line).isEqualTo(new BigInteger(step.value()));
            // Self-contained: numbers and print/pow only, nothing from an earlier call's state.
            assertThat(code).matches("print\\([-0-9+*/%(), pow]*\\)");
        }
    }

    static BigInteger evalText(String lhs) {
        Matcher m = POWER_MOD.matcher(lhs);
        if (m.matches()) return new BigInteger(m.group(1)).modPow(new BigInteger(m.group(2)), new BigInteger(m.group(3)));
        return PythonIntegers.eval(lhs.replace(" mod ", "%"));
    }

    /** The same seed gives the same problem from a new task instance; different seeds mostly differ. */
    static void deterministicBySeed(String task, java.util.Map<String, Object> options) {
        ReasoningTask a = Tasks.create(task, options), b = Tasks.create(task, options);
        Set<String> questions = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            assertThat(a.problem(seed)).isEqualTo(b.problem(seed));
            assertThat(a.problem(seed).id()).isEqualTo(task + "-" + seed);
            questions.add(a.problem(seed).question());
        }
        assertThat(questions).hasSizeGreaterThan(90);
    }
}
