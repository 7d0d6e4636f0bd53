package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ModularTaskTest {
    private static final Pattern POWER = Pattern.compile("Compute (\\d+)\\^(\\d+) mod (\\d+)\\.");
    private static final Pattern LINEAR = Pattern.compile("Compute \\((\\d+)\\*(\\d+)\\+(\\d+)\\) mod (\\d+)\\.");

    @Test
    void answersAreTheRemaindersComputedWithBigInteger() {
        for (Map<String, Object> options : List.<Map<String, Object>>of(Map.of(), Map.of("digits", 6, "modulus_digits", 4, "exponent_digits", 4),
                Map.of("digits", 1, "modulus_digits", 1, "exponent_digits", 1))) {
            ReasoningTask task = Tasks.create("modular", options);
            int powers = 0;
            for (long seed = 0; seed < 200; seed++) {
                TaskProblem p = task.problem(seed);
                Matcher pm = POWER.matcher(p.question()), lm = LINEAR.matcher(p.question());
                BigInteger expected;
                if (pm.matches()) {
                    powers++;
                    BigInteger m = new BigInteger(pm.group(3));
                    // Repeated multiplication, not modPow: another way to the same remainder.
                    BigInteger r = BigInteger.ONE, base = new BigInteger(pm.group(1));
                    for (int i = 0; i < Integer.parseInt(pm.group(2)); i++) r = r.multiply(base).mod(m);
                    expected = r;
                    assertThat(m.compareTo(BigInteger.TWO)).isGreaterThanOrEqualTo(0);
                } else {
                    assertThat(lm.matches()).as(p.question()).isTrue();
                    expected = new BigInteger(lm.group(1)).multiply(new BigInteger(lm.group(2))).add(new BigInteger(lm.group(3)))
                            .mod(new BigInteger(lm.group(4)));
                }
                assertThat(p.reference()).as(p.question()).isEqualTo(expected.toString());
                assertThat(p.finalAnswer()).isEqualTo(p.reference());
                SolutionChecks.stepsComputeTheirValues(p);
            }
            assertThat(powers).isBetween(60, 140);
        }
    }

    @Test
    void formAndDigitsKnobs() {
        ReasoningTask power = Tasks.create("modular", Map.of("form", "power", "digits", 4, "modulus_digits", 3, "exponent_digits", 1));
        ReasoningTask linear = Tasks.create("modular", Map.of("form", "linear"));
        for (long seed = 0; seed < 100; seed++) {
            Matcher m = POWER.matcher(power.problem(seed).question());
            assertThat(m.matches()).isTrue();
            assertThat(m.group(1)).hasSize(4);
            assertThat(m.group(2)).hasSize(1);
            assertThat(m.group(3)).hasSize(3);
            assertThat(power.problem(seed).steps()).hasSize(2);
            assertThat(LINEAR.matcher(linear.problem(seed).question()).matches()).isTrue();
            assertThat(linear.problem(seed).steps()).hasSize(3);
        }
    }

    @Test
    void deterministicBySeed() {
        SolutionChecks.deterministicBySeed("modular", Map.of());
    }
}
