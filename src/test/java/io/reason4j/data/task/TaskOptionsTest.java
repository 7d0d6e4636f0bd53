package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry and its options: every default visible, every mistake named as task.<name>.<key>. */
class TaskOptionsTest {

    @Test
    void registryNamesTheFourTasksAndListsTheirDefaults() {
        assertThat(Tasks.names()).containsExactly("arithmetic", "modular", "linear", "countdown");
        assertThat(Tasks.defaults("arithmetic")).containsExactly(Map.entry("steps", 2), Map.entry("digits", 2),
                Map.entry("operations", "+-*"), Map.entry("word_problems", false));
        assertThat(Tasks.defaults("modular")).containsExactly(Map.entry("form", "mixed"), Map.entry("digits", 3),
                Map.entry("modulus_digits", 2), Map.entry("exponent_digits", 2));
        assertThat(Tasks.defaults("linear")).containsExactly(Map.entry("unknowns", 1), Map.entry("digits", 2), Map.entry("solution_digits", 2));
        assertThat(Tasks.defaults("countdown")).containsExactly(Map.entry("count", 4), Map.entry("max_number", 25),
                Map.entry("max_target", 200), Map.entry("use_all", true));
        for (String name : Tasks.names()) {
            ReasoningTask task = Tasks.create(name);
            assertThat(task.name()).isEqualTo(name);
            assertThat(task.description()).isEqualTo(Tasks.description(name)).isNotBlank();
            assertThat(task.options().values()).isEqualTo(Tasks.defaults(name));
            for (TaskOption o : Tasks.options(name)) {
                assertThat(o.description()).isNotBlank();
                assertThat(o.allowed()).isNotBlank();
            }
        }
    }

    @Test
    void givenOptionsOverrideDefaultsAndAnyIntegerTypeIsAccepted() {
        ReasoningTask task = Tasks.create("arithmetic", Map.of("steps", 3L, "digits", BigInteger.TWO, "operations", List.of("*", "+"), "word_problems", true));
        assertThat(task.options().values()).containsExactly(Map.entry("steps", 3), Map.entry("digits", 2),
                Map.entry("operations", "+*"), Map.entry("word_problems", true));
        assertThat(task.problem(1).options()).isEqualTo(task.options().values());
    }

    @Test
    void unknownKeysWrongTypesAndOutOfRangeValuesNameTheOptionAndWhatIsAllowed() {
        assertThatThrownBy(() -> Tasks.create("arithmetic", Map.of("stepz", 3)))
                .isInstanceOf(TaskOptionException.class)
                .hasMessage("task.arithmetic.stepz: no such option; the options of arithmetic are steps, digits, operations, word_problems")
                .extracting(e -> ((TaskOptionException) e).key()).isEqualTo("task.arithmetic.stepz");
        assertThatThrownBy(() -> Tasks.create("arithmetic", Map.of("steps", 0)))
                .hasMessage("task.arithmetic.steps: got 0 (an integer); allowed: an integer in [1, 8]");
        assertThatThrownBy(() -> Tasks.create("arithmetic", Map.of("steps", "3")))
                .hasMessage("task.arithmetic.steps: got \"3\" (a string); allowed: an integer in [1, 8]");
        assertThatThrownBy(() -> Tasks.create("arithmetic", Map.of("steps", 2.0)))
                .hasMessage("task.arithmetic.steps: got 2.0 (a decimal number); allowed: an integer in [1, 8]");
        assertThatThrownBy(() -> Tasks.create("countdown", Map.of("max_number", Long.MAX_VALUE)))
                .hasMessageStartingWith("task.countdown.max_number: got 9223372036854775807 (an integer); allowed: an integer in [2, 1000]");
        assertThatThrownBy(() -> Tasks.create("linear", Map.of("unknowns", 3)))
                .hasMessage("task.linear.unknowns: got 3 (an integer); allowed: an integer in [1, 2]");
        assertThatThrownBy(() -> Tasks.create("countdown", Map.of("use_all", "yes")))
                .hasMessage("task.countdown.use_all: got \"yes\" (a string); allowed: true or false");
        assertThatThrownBy(() -> Tasks.create("modular", Map.of("form", "cubic")))
                .hasMessage("task.modular.form: got \"cubic\" (a string); allowed: one of power, linear, mixed");
        assertThatThrownBy(() -> Tasks.create("arithmetic", Map.of("operations", "+^")))
                .hasMessageStartingWith("task.arithmetic.operations: got \"+^\" (a string); allowed: one or more of the characters + - * /");
        assertThatThrownBy(() -> Tasks.create("arithmetic", Map.of("operations", "")))
                .isInstanceOf(TaskOptionException.class);
        assertThatThrownBy(() -> Tasks.create("arithmetic", Map.of("operations", "/")))
                .isInstanceOf(TaskOptionException.class)
                .hasMessageContaining("task.arithmetic.operations: got \"/\"").hasMessageContaining("at least one of + - *");
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("digits", null);
        assertThatThrownBy(() -> Tasks.create("linear", withNull)).hasMessage("task.linear.digits: got null; allowed: an integer in [1, 4]");
    }

    @Test
    void unknownTaskNamesTheKnownOnes() {
        assertThatThrownBy(() -> Tasks.create("sudoku", Map.of()))
                .isInstanceOf(TaskOptionException.class)
                .hasMessage("task: got \"sudoku\" (a string); allowed: one of arithmetic, modular, linear, countdown");
    }
}
