package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pathological inputs end fast as "not equivalent" with the limit as the reason; never a hang, OOM or stack overflow. */
class VerificationBudgetTest {
    static final Duration GENEROUS = Duration.ofSeconds(2);
    static final MathVerifier VERIFIER = MathVerifier.withDefaults();
    /** A verifier that lets huge answers through extraction, so the parser's own limits are what stops them. */
    static final MathVerifier LARGE_ANSWERS = new MathVerifier(AnswerExtractor.defaults(),
            VerificationBudget.defaults().withMaxAnswerChars(2_000_000).withMaxResponseChars(20_000_000));

    static VerificationResult quickly(MathVerifier verifier, String gold, String response) {
        return assertTimeoutPreemptively(GENEROUS, () -> verifier.verify(gold, response));
    }

    static void rejected(VerificationResult r, String reasonFragment) {
        assertThat(r.equivalent()).as(r.explain()).isFalse();
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.NOT_EQUIVALENT);
        assertThat(r.reason()).as(r.explain()).contains(reasonFragment);
    }

    @Test
    void towersOfPowersAreRefusedBeforeTheyAreComputed() {
        rejected(quickly(VERIFIER, "1", "\\boxed{10^{10^{10}}}"), "too large");
        rejected(quickly(VERIFIER, "10^{10^{10}}", "\\boxed{10^{10^{10}}+1}"), "too large");
        rejected(quickly(VERIFIER, "1", "\\boxed{9^{9^{9^{9}}}}"), "too large");
        rejected(quickly(VERIFIER, "1", "\\boxed{\\sqrt{2}^{10^{10}}}"), "too large");
        rejected(quickly(VERIFIER, "1", "\\boxed{e^{10^{10}}}"), "too large");
        rejected(quickly(VERIFIER, "1", "\\boxed{\\sin(10^{100})}"), "too large");
        rejected(quickly(VERIFIER, "x", "\\boxed{x^{10^{9}}}"), "too large");
        rejected(quickly(VERIFIER, "1", "\\boxed{1000000!}"), "too large");
        rejected(quickly(VERIFIER, "1", "\\boxed{\\binom{10^{9}}{10^{8}}}"), "too large");
        // 1 to any power is cheap and exact.
        assertThat(quickly(VERIFIER, "1", "\\boxed{1^{10^{10}}}").equivalent()).isTrue();
    }

    @Test
    void deepNestingIsRejectedByTheDepthLimit() {
        int n = 100_000;
        String parens = "(".repeat(n) + "1" + ")".repeat(n);
        rejected(quickly(VERIFIER, "1", "\\boxed{" + parens + "}"), "longer than");
        rejected(quickly(LARGE_ANSWERS, "1", "\\boxed{" + parens + "}"), "too deeply nested");
        rejected(quickly(LARGE_ANSWERS, "1", "\\boxed{" + "{".repeat(n) + "1" + "}".repeat(n) + "}"), "too deeply nested");
        rejected(quickly(LARGE_ANSWERS, "1", "\\boxed{" + "-".repeat(n) + "1}"), "too deeply nested");
        rejected(quickly(LARGE_ANSWERS, "1", "\\boxed{" + "\\sqrt".repeat(n) + " 1}"), "too deeply nested");
        rejected(quickly(LARGE_ANSWERS, "1", "\\boxed{" + "2^{".repeat(n) + "1" + "}".repeat(n) + "}"), "too deeply nested");
        rejected(quickly(LARGE_ANSWERS, "1", "\\boxed{" + "\\frac{1}{".repeat(n) + "1" + "}".repeat(n) + "}"), "too deeply nested");
    }

    @Test
    void hugeTextsEndFast() {
        String tenMegabytes = "1".repeat(10_000_000);
        rejected(quickly(VERIFIER, "1", tenMegabytes), "longer than");
        rejected(quickly(VERIFIER, tenMegabytes, "1"), "longer than");
        rejected(quickly(VERIFIER, "1", "\\boxed{" + "1+".repeat(300_000) + "1}"), "longer than");
        rejected(quickly(LARGE_ANSWERS, "1", "\\boxed{" + "x+".repeat(1_000_000) + "1}"), "");
        rejected(quickly(VERIFIER, "1", "\\boxed{1} then something else entirely \\boxed{2} ".repeat(20_000)), "several different");
        rejected(quickly(VERIFIER, "1", "no no no no no no no \\boxed{1} ".repeat(30_000) + "\\boxed{}"), "empty");
        rejected(quickly(VERIFIER, "1", "<interpreter>" + "1".repeat(900_000)), "no answer");
        rejected(quickly(VERIFIER, "1", "$x$ ".repeat(200_000)), "differ");
        // Long but ordinary responses are fine: the answer is at the end.
        assertThat(quickly(VERIFIER, "7", "blah ".repeat(150_000) + "so the answer is \\boxed{7}").equivalent()).isTrue();
    }

    @Test
    void theTimeBudgetStopsSlowComparisons() {
        MathVerifier impatient = new MathVerifier(AnswerExtractor.defaults(), VerificationBudget.defaults().withTimeout(Duration.ofMillis(1)));
        String slow = "\\boxed{" + "\\sin(x)+".repeat(400) + "1}";
        VerificationResult r = quickly(impatient, "\\sin(x)", slow);
        assertThat(r.equivalent()).isFalse();
        assertThat(r.reason()).contains("time budget");
    }
}
