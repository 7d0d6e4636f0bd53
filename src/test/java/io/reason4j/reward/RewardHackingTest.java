package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The policy is an adversary of the reward (verification.md): none of these earn credit. */
class RewardHackingTest {
    static final MathVerifier VERIFIER = MathVerifier.withDefaults();

    static VerificationResult verify(String gold, String response) {
        return VERIFIER.verify(gold, response);
    }

    @Test
    void hedgesInsideOneBoxEarnNothing() {
        assertThat(verify("1", "It is $\\boxed{1 \\text{ or } 2}$.").equivalent()).isFalse();
        assertThat(verify("2", "It is $\\boxed{1 \\text{ or } 2}$.").equivalent()).isFalse();
        assertThat(verify("3", "\\boxed{1,2,3,4,5}").reason()).contains("hedge");
        assertThat(verify("3", "\\boxed{\\{1,2,3,4,5\\}}").equivalent()).isFalse();
        assertThat(verify("1", "\\boxed{1} or \\boxed{2}").equivalent()).isFalse();
    }

    @Test
    void severalBoxesWithDifferentAnswersEarnNothing() {
        String spray = "Maybe \\boxed{1}. Let me reconsider the whole problem from the start, it could be different. \\boxed{2}";
        VerificationResult r = verify("2", spray);
        assertThat(r.equivalent()).isFalse();
        assertThat(r.reason()).contains("several different boxed answers");
        assertThat(verify("1", spray).equivalent()).isFalse();
        // Repeating the same answer is not a hedge.
        assertThat(verify("5", "So \\boxed{5}. Checking again, the result is indeed \\boxed{5}.").equivalent()).isTrue();
    }

    @Test
    void plusMinusTricksEarnNothing() {
        assertThat(verify("3", "\\boxed{\\pm 3}").equivalent()).isFalse();
        assertThat(verify("-3", "\\boxed{\\pm 3}").equivalent()).isFalse();
        assertThat(verify("1+\\sqrt{19}", "\\boxed{1 \\pm \\sqrt{19}}").equivalent()).isFalse();
        assertThat(verify("1 \\pm \\sqrt{19}", "\\boxed{1 + \\sqrt{19}}").equivalent()).isFalse();
        assertThat(verify("1 \\pm \\sqrt{19}", "\\boxed{1 \\mp \\sqrt{19}}").equivalent()).isTrue();
    }

    @Test
    void emptyBoxesEarnNothing() {
        assertThat(verify("5", "\\boxed{}").reason()).isEqualTo("empty \\boxed{}");
        assertThat(verify("5", "The answer is 5. \\boxed{ }").equivalent()).isFalse();
        assertThat(verify("", "5").equivalent()).isFalse();
    }

    @Test
    void answersOnlyInInterpreterOutputAreIgnored() {
        assertThat(verify("42", "<code>print(6*7)</code><interpreter>42</interpreter> I am not sure what that means.").equivalent()).isFalse();
        assertThat(verify("42", "```python\nprint(6*7)\n```\n```output\n42\n```\nDone.").equivalent()).isFalse();
        assertThat(verify("42", "<interpreter>\\boxed{42}</interpreter>").equivalent()).isFalse();
        assertThat(verify("42", "<interpreter>42").equivalent()).as("an unterminated output block runs to the end").isFalse();
        // Stated by the model after reading the output: that counts.
        assertThat(verify("42", "<interpreter>42</interpreter> So the answer is \\boxed{42}.").equivalent()).isTrue();
    }

    @Test
    void restatingThePromptIsNotAnAnswer() {
        String prompt = "Compute 6 times 7. Reply with a number such as 42 in a box.";
        String echo = "Compute 6 times 7. Reply with a number such as 42 in a box.";
        assertThat(VERIFIER.verify("42", echo, prompt).equivalent()).isFalse();
        assertThat(VERIFIER.verify("42", echo + " Hmm.", prompt).equivalent()).isFalse();
        assertThat(VERIFIER.verify("42", echo + " 6 times 7 is \\boxed{42}.", prompt).equivalent()).isTrue();
    }

    @Test
    void numbersGluedIntoWordsAreNotAnswers() {
        assertThat(verify("2", "AZYUK2A").equivalent()).isFalse();
    }
}
