package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model-based verifier with a fake judge: asked only when the rules cannot decide, reasoning kept. */
class ModelJudgeTest {
    /** A judge that records its prompts and always answers the same. */
    static final class FakeJudge implements JudgeModel {
        final List<String> prompts = new ArrayList<>();
        final String reply;

        FakeJudge(String reply) {
            this.reply = reply;
        }

        @Override
        public String complete(String prompt) {
            prompts.add(prompt);
            return reply;
        }
    }

    @Test
    void parsesTheFinalJudgmentAndKeepsTheReasoning() {
        JudgeVerdict yes = ModelJudge.parse("Both are one half.\nFinal judgment: YES");
        assertThat(yes.verdict()).isEqualTo(Verdict.EQUIVALENT);
        assertThat(yes.reasoning()).isEqualTo("Both are one half.");
        assertThat(ModelJudge.parse("Is it yes? No: 3 is not 4. Final Judgement: **NO**").verdict()).isEqualTo(Verdict.NOT_EQUIVALENT);
        assertThat(ModelJudge.parse("They differ, so NO.").verdict()).isEqualTo(Verdict.NOT_EQUIVALENT);
        assertThat(ModelJudge.parse("I cannot tell.").verdict()).isEqualTo(Verdict.UNDECIDED);
        assertThat(ModelJudge.parse("yes or no? hard to say").verdict()).isEqualTo(Verdict.UNDECIDED);
    }

    @Test
    void theJudgeDecidesOnlyWhatTheRulesCannot() {
        FakeJudge judge = new FakeJudge("The integral of x from 0 to 1 is 1/2.\nFinal judgment: YES");
        JudgedVerifier verifier = new JudgedVerifier(MathVerifier.withDefaults(), new ModelJudge(judge));

        VerificationResult r = verifier.verify("\\int_0^1 x\\,dx", "So \\boxed{\\frac12}", "Compute the integral.");
        assertThat(r.verdict()).isEqualTo(Verdict.EQUIVALENT);
        assertThat(r.reason()).contains("rules undecided").contains("judge: YES").contains("The integral of x from 0 to 1 is 1/2.");
        assertThat(judge.prompts).hasSize(1);
        assertThat(judge.prompts.getFirst()).contains("Reference answer: \\int_0^1 x\\,dx").contains("Student answer: \\frac12")
                .contains("Problem: Compute the integral.");

        // Decided by the rules: the judge is never asked, not even to overrule a hedge.
        assertThat(verifier.verify("5", "\\boxed{5}", null).equivalent()).isTrue();
        assertThat(verifier.verify("5", "\\boxed{4,5}", null).equivalent()).isFalse();
        assertThat(verifier.verify("5", "\\boxed{10^{10^{10}}}", null).equivalent()).isFalse();
        assertThat(judge.prompts).hasSize(1);
    }

    @Test
    void aFailingOrEvasiveJudgeLeavesTheCaseUndecided() {
        JudgedVerifier failing = new JudgedVerifier(MathVerifier.withDefaults(), new ModelJudge(p -> {
            throw new IllegalStateException("server down");
        }));
        VerificationResult r = failing.verify("\\int_0^1 x\\,dx", "\\boxed{1/2}", null);
        assertThat(r.verdict()).isEqualTo(Verdict.UNDECIDED);
        assertThat(r.equivalent()).isFalse();
        assertThat(r.reason()).contains("server down");
        assertThat(new JudgedVerifier(MathVerifier.withDefaults(), new ModelJudge(new FakeJudge("Hmm."))).verify("\\int_0^1 x\\,dx", "\\boxed{1/2}", null)
                .verdict()).isEqualTo(Verdict.UNDECIDED);
    }
}
