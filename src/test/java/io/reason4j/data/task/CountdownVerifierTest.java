package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;
import io.reason4j.reward.AnswerPolicy;

import io.reason4j.reward.VerificationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountdownVerifierTest {
    private final CountdownVerifier verifier = new CountdownVerifier(AnswerPolicy.STRICT);
    private final String exactly = CountdownVerifier.reference(List.of(1L, 3L, 4L, 6L), 24, true);
    private final String atMost = CountdownVerifier.reference(List.of(25L, 4L, 3L, 7L), 97, false);

    private VerificationResult check(String reference, String boxed) {
        return verifier.verify(reference, "Some work.\nThe answer is \\boxed{" + boxed + "}.", null);
    }

    @Test
    void referenceIsJsonOfNumbersTargetAndMode() {
        assertThat(exactly).isEqualTo("{\"numbers\":[1,3,4,6],\"target\":24,\"use_all\":true}");
    }

    @Test
    void acceptsAnyExpressionThatMakesTheTarget() {
        assertThat(check(atMost, "25*4-3").equivalent()).isTrue();
        assertThat(check(atMost, "(25 - 7 + 3) * 4 + 13").equivalent()).isFalse();
        assertThat(check(atMost, "25 \\times 4 - 3").equivalent()).isTrue();
        assertThat(check(atMost, "\\left(25\\cdot4\\right)-3 = 97").equivalent()).isTrue();
        assertThat(check(atMost, "25×4−3".replace('−', '-')).equivalent()).isTrue();
        VerificationResult ok = check(atMost, "4*25-3");
        assertThat(ok.extractedGold()).isEqualTo("97");
        assertThat(ok.extractedPred()).isEqualTo("4*25-3");
        assertThat(ok.reason()).isEqualTo("boxed: evaluates to 97 with each number used at most once");
    }

    @Test
    void divisionIsExactSoFractionsOnTheWayAreFine() {
        // 6/(1-3/4) = 24 only through the fraction 1/4; integer division would give 6/1 = 6 or fail.
        assertThat(check(exactly, "6/(1-3/4)").equivalent()).isTrue();
        assertThat(check(exactly, "6/(1-3/4)").reason()).isEqualTo("boxed: evaluates to 24 with each number used exactly once");
        // 3/4 is not 0 and (1+3)/4*6 is 6: no rounding anywhere.
        assertThat(check(exactly, "(1+3)/4*6").reason()).isEqualTo("boxed: it evaluates to 6, not 24");
        assertThat(check(exactly, "6*4*(1-1)").equivalent()).isFalse();
        assertThat(check(exactly, "6/(4-4)*1*3").reason()).startsWith("boxed: not a countdown expression: it divides by zero");
    }

    @Test
    void rejectsReusedMissingAndForeignNumbers() {
        assertThat(check(exactly, "6*4*1*1").reason()).isEqualTo("boxed: it uses 1 more often than it is given (once)");
        assertThat(check(exactly, "6*4*1").reason()).isEqualTo("boxed: it does not use 3 (each number must be used exactly once)");
        assertThat(check(exactly, "8*3*1").reason()).isEqualTo("boxed: it uses 8, which is not one of the given numbers [1, 3, 4, 6]");
        assertThat(check(exactly, "64/4*1*3/2").reason()).startsWith("boxed: it uses 64, which is not one");
        // At most once: a subset is fine.
        assertThat(check(atMost, "25*4-3").equivalent()).isTrue();
        assertThat(check(atMost, "25*4-3-7+7").reason()).isEqualTo("boxed: it uses 7 more often than it is given (once)");
    }

    @Test
    void rejectsAWrongTargetAndUnreadableAnswers() {
        assertThat(check(atMost, "25*4-7").reason()).isEqualTo("boxed: it evaluates to 93, not 97");
        assertThat(check(atMost, "25*4-3 = 98").reason()).isEqualTo("boxed: the answer states '= 98', not the target 97");
        assertThat(check(atMost, "-3+25*4").reason()).startsWith("boxed: not a countdown expression: a sign before a number");
        assertThat(check(atMost, "25*4-3.0").reason()).startsWith("boxed: not a countdown expression: decimal numbers");
        assertThat(check(atMost, "(25*4-3").reason()).startsWith("boxed: not a countdown expression: a '(' in");
        assertThat(check(atMost, "x").reason()).startsWith("boxed: not a countdown expression: unexpected 'x'");
        assertThat(verifier.verify(atMost, "The answer is 25*4-3.", null).equivalent()).isFalse();
        assertThat(verifier.verify("not json", "\\boxed{1}", null).reason()).startsWith("reference: not JSON");
        assertThat(verifier.verify("{\"target\": 3}", "\\boxed{1}", null).reason()).startsWith("reference: expected");
    }

    @Test
    void aBoxPrintedByTheInterpreterDoesNotCount() {
        String response = "<code>\nprint('\\\\bo' + 'xed{25*4-3}')\n</code><interpreter>\n\\boxed{25*4-3}\n</interpreter>\nDone.";
        assertThat(verifier.verify(atMost, response, null).equivalent()).isFalse();
        assertThat(verifier.verify(atMost, response + " \\boxed{25*4-3}", null).equivalent()).isTrue();
    }
}
