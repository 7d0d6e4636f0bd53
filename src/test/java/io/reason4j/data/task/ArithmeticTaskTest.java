package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;
import io.reason4j.reward.VerifierSettings;

import io.reason4j.data.PromptExample;
import io.reason4j.reward.MathVerifier;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ArithmeticTaskTest {
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    @Test
    void answersAreTheValueOfTheQuestionsExpression() {
        for (Map<String, Object> options : List.<Map<String, Object>>of(Map.of(), Map.of("operations", "+-*/", "steps", 4),
                Map.of("digits", 1, "steps", 8, "operations", "-/"), Map.of("digits", 6, "steps", 8, "operations", "*"))) {
            ReasoningTask task = Tasks.create("arithmetic", options);
            for (long seed = 0; seed < 200; seed++) {
                TaskProblem p = task.problem(seed);
                assertThat(p.question()).startsWith("Compute ").endsWith(".");
                String expression = p.question().substring("Compute ".length(), p.question().length() - 1);
                assertThat(PythonIntegers.eval(expression)).as(p.question()).isEqualTo(new BigInteger(p.reference()));
                assertThat(p.finalAnswer()).isEqualTo(p.reference());
                SolutionChecks.stepsComputeTheirValues(p);
            }
        }
    }

    @Test
    void knobsSetStepsDigitsAndOperations() {
        ReasoningTask task = Tasks.create("arithmetic", Map.of("steps", 3, "digits", 4, "operations", "+*"));
        for (long seed = 0; seed < 100; seed++) {
            TaskProblem p = task.problem(seed);
            assertThat(p.steps()).hasSize(3);
            assertThat(p.question().replaceAll("[^-+*/]", "")).hasSize(3).matches("[+*]+");
            Matcher m = NUMBER.matcher(p.question());
            while (m.find()) assertThat(m.group()).hasSize(4);
        }
        // Division is exact and its divisor at most as long as the other numbers.
        ReasoningTask dividing = Tasks.create("arithmetic", Map.of("steps", 3, "digits", 2, "operations", "*/"));
        for (long seed = 0; seed < 100; seed++) {
            Matcher m = NUMBER.matcher(dividing.problem(seed).question());
            while (m.find()) assertThat(m.group().length()).isBetween(1, 2);
        }
    }

    @Test
    void wordProblemsTellTheSameChainAsAStoryThatStaysPositive() {
        ReasoningTask task = Tasks.create("arithmetic", Map.of("word_problems", true, "operations", "+-*/", "steps", 3));
        Pattern sentence = Pattern.compile("(\\w+) (has (\\d+) \\w+|gets (\\d+) more|gives away (\\d+)|ends up with (\\d+) times as many"
                + "|splits them into (\\d+) equal groups and keeps one)\\.");
        for (long seed = 0; seed < 200; seed++) {
            TaskProblem p = task.problem(seed);
            assertThat(p.question()).matches(".* How many \\w+ does \\w+ have now\\?");
            Matcher m = sentence.matcher(p.question());
            BigInteger v = null;
            int sentences = 0;
            while (m.find()) {
                sentences++;
                if (m.group(3) != null) v = new BigInteger(m.group(3));
                else if (m.group(4) != null) v = v.add(new BigInteger(m.group(4)));
                else if (m.group(5) != null) v = v.subtract(new BigInteger(m.group(5)));
                else if (m.group(6) != null) v = v.multiply(new BigInteger(m.group(6)));
                else {
                    BigInteger[] qr = v.divideAndRemainder(new BigInteger(m.group(7)));
                    assertThat(qr[1]).as(p.question()).isZero();
                    v = qr[0];
                }
                assertThat(v.signum()).as(p.question()).isPositive();
            }
            assertThat(sentences).isEqualTo(4);
            assertThat(v).as(p.question()).isEqualTo(new BigInteger(p.reference()));
            SolutionChecks.stepsComputeTheirValues(p);
        }
    }

    @Test
    void deterministicBySeed() {
        SolutionChecks.deterministicBySeed("arithmetic", Map.of());
        SolutionChecks.deterministicBySeed("arithmetic", Map.of("word_problems", true, "operations", "+-*/"));
    }

    @Test
    void theMathVerifierAcceptsTheReferenceAndRejectsOtherNumbers() {
        TaskProblem p = Tasks.create("arithmetic").problem(7);
        MathVerifier verifier = MathVerifier.withDefaults();
        assertThat(Tasks.create("arithmetic").verifier(VerifierSettings.strict()).verify(p.reference(), "The answer is \\boxed{" + p.reference() + "}.", p.question()).equivalent()).isTrue();
        String wrong = new BigInteger(p.reference()).add(BigInteger.ONE).toString();
        assertThat(verifier.verify(p.reference(), "The answer is \\boxed{" + wrong + "}.", p.question()).equivalent()).isFalse();
    }

    @Test
    void promptExampleCarriesQuestionReferenceTaskAndKnobs() {
        TaskProblem p = Tasks.create("arithmetic", Map.of("steps", 3)).problem(42);
        PromptExample e = p.toPromptExample();
        assertThat(e.id()).isEqualTo("arithmetic-42");
        assertThat(e.prompt()).hasSize(1);
        assertThat(e.prompt().getFirst().role()).isEqualTo("user");
        assertThat(e.prompt().getFirst().content()).isEqualTo(p.question());
        assertThat(e.groundTruth()).isEqualTo(p.reference());
        assertThat(e.dataSource()).isEqualTo("arithmetic");
        assertThat(e.extraInfo()).containsEntry("seed", 42L);
        assertThat(e.extraInfo().get("options")).isEqualTo(p.options());
        assertThat(p.options()).containsEntry("steps", 3).containsEntry("digits", 2);
    }
}
