package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Deeply nested answers (issue 18): up to the depth budget (256 levels) they parse and are compared
 * like any other answer; beyond it the verdict is a clear "too deeply nested" refusal. Both on a
 * thread with a 256 KB stack, a quarter of the JVM's default, so that no worker thread of a trainer or
 * evaluator (parallel streams, virtual threads) overflows where the budget allows.
 */
class DeepNestingTest {
    static final int BUDGET = VerificationBudget.defaults().maxDepth();
    static final MathVerifier VERIFIER = MathVerifier.withDefaults();

    /** Each builds an answer of value 1 (or 3) nested n levels deep, with the reference it equals. */
    record Nesting(String name, String reference, IntFunction<String> answer) {}

    static final List<Nesting> NESTINGS = List.of(
            new Nesting("parentheses", "3", n -> "(".repeat(n) + "3" + ")".repeat(n)),
            new Nesting("brackets and parentheses", "3", n -> "([".repeat(n / 2) + "3" + "])".repeat(n / 2)),
            new Nesting("braces", "3", n -> "{".repeat(n) + "3" + "}".repeat(n)),
            new Nesting("\\left( \\right)", "3", n -> "\\left(".repeat(n) + "3" + "\\right)".repeat(n)),
            new Nesting("minus signs", "1", n -> "-".repeat(2 * (n / 2)) + "1"),
            new Nesting("negated groups", "1", n -> "-(".repeat(n / 2) + "1" + ")".repeat(n / 2) + (n / 2 % 2 == 0 ? "" : "\\cdot(-1)")),
            new Nesting("square roots", "1", n -> "\\sqrt{".repeat(n) + "1" + "}".repeat(n)),
            new Nesting("fractions", "1", n -> "\\frac{1}{".repeat(n) + "1" + "}".repeat(n)),
            new Nesting("exponents", "1", n -> "1^{".repeat(n) + "2" + "}".repeat(n)),
            new Nesting("sets", "\\{3\\}", n -> "\\{".repeat(n) + "3" + "\\}".repeat(n)));

    /** The check's result on a thread with a 256 KB stack; a StackOverflowError (or its refusal) fails the test. */
    static VerificationResult onSmallStack(String reference, String response) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(VERIFIER.verify(reference, response));
            } catch (Throwable e) {
                out.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (out.get() instanceof Throwable e) throw new AssertionError("the check threw for " + response.length() + " characters", e);
        VerificationResult r = (VerificationResult) out.get();
        assertThat(r.reason()).as("the depth budget, not the stack, must stop " + response.substring(0, Math.min(40, response.length())) + " (" + response.length() + " characters)").doesNotContain("stack");
        return r;
    }

    @Test
    void nestingUpToTheBudgetParsesAndCompares() throws InterruptedException {
        assertThat(BUDGET).isGreaterThanOrEqualTo(200);
        for (Nesting nesting : NESTINGS) {
            for (int n : new int[] {20, 200, BUDGET - 1}) {
                VerificationResult r = onSmallStack(nesting.reference(), "\\boxed{" + nesting.answer().apply(n) + "}");
                assertThat(r.equivalent()).as(nesting.name() + " × " + n + ": " + r.explain()).isTrue();
            }
        }
        // The example: twenty parentheses around 3.
        assertThat(onSmallStack("3", "\\boxed{((((((((((((((((((((3))))))))))))))))))))}").equivalent()).isTrue();
    }

    @Test
    void nestingBeyondTheBudgetIsAClearRefusal() throws InterruptedException {
        for (Nesting nesting : NESTINGS) {
            for (int n : new int[] {BUDGET + 2, 5_000, 100_000}) {
                VerificationResult r = onSmallStack(nesting.reference(), "\\boxed{" + nesting.answer().apply(n) + "}");
                assertThat(r.verdict()).as(nesting.name() + " × " + n).isEqualTo(Verdict.NOT_EQUIVALENT);
                assertThat(r.reason()).as(nesting.name() + " × " + n).containsAnyOf("too deeply nested", "longer than");
            }
        }
    }

    @Test
    void aDeepReferenceIsRefusedToo() throws InterruptedException {
        VerificationResult r = onSmallStack("(".repeat(BUDGET + 5) + "3" + ")".repeat(BUDGET + 5), "\\boxed{3}");
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_EQUIVALENT);
        assertThat(r.reason()).contains("too deeply nested");
    }
}
