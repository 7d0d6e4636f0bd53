package io.reason4j.rollout;

import static io.reason4j.rollout.TinyTokenizer.EOS;
import static io.reason4j.rollout.TinyTokenizer.TOKENIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** s1 budget forcing against a scripted policy: limits hit exactly, forced text masked out. */
class BudgetForcingTest {

    static Trajectory roll(BudgetForcing budget, ScriptedTool tool, String script) {
        RolloutOptions o = RolloutOptions.of(ToolRolloutTest.SAMPLING, 500).withBudget(budget);
        return new Rollout(new ScriptedEngine(TOKENIZER, EOS, script), TOKENIZER, tool, o)
                .run(List.of(new RolloutRequest(ToolRolloutTest.PROMPT, 0, 0))).getFirst();
    }

    static BudgetForcing maxThinking(int max) {
        return new BudgetForcing("</think>", max, "\nFinal:", 0, "Wait", 0);
    }

    static BudgetForcing extensions(int min, int n) {
        return new BudgetForcing("</think>", 0, "", min, "Wait", n);
    }

    @Test
    void theMaximumCutsThinkingThereAndForcesTheDelimiterAndAnswerPrompt() {
        Trajectory t = roll(maxThinking(8), null, "abcdefghijkl</think>x");
        // The policy goes on with its script after the forced delimiter; what matters is where thinking was cut.
        new ExpectedResponse().sampled("abcdefgh").inserted("</think>\nFinal:").sampled("ijkl</think>x").sampledEos()
                .assertMatches(t, true);
        assertThat(t.thinkingTokens()).isEqualTo(8);
        assertThat(t.extensions()).isZero();
    }

    @Test
    void thinkingThatEndsBeforeTheMaximumIsLeftAlone() {
        Trajectory t = roll(maxThinking(50), null, "abc</think>x");
        new ExpectedResponse().sampled("abc</think>x").sampledEos().assertMatches(t, true);
        assertThat(t.thinkingTokens()).isEqualTo(3 + "</think>".length());
    }

    @Test
    void extensionsSuppressTheDelimiterTheConfiguredNumberOfTimes() {
        Trajectory t = roll(extensions(0, 2), null, "ab</think>cd</think>ef</think>gh");
        new ExpectedResponse().sampled("ab").inserted("Wait").sampled("cd").inserted("Wait").sampled("ef</think>gh").sampledEos()
                .assertMatches(t, false);
        assertThat(t.extensions()).isEqualTo(2);
        assertThat(t.thinkingTokens()).isEqualTo(6 + "</think>".length());
        for (int n : new int[] {0, 1, 3}) {
            Trajectory more = roll(extensions(0, n), null, "a</think>b</think>c</think>d</think>e</think>f");
            assertThat(more.extensions()).as("extensions with num-extend %d", n).isEqualTo(n);
            assertThat(TOKENIZER.decode(more.responseIds(), false).split("Wait", -1)).hasSize(n + 1);
        }
    }

    @Test
    void aMinimumExtendsOnlyWhileThinkingIsShorterThanIt() {
        // Thinking before each delimiter: 2, 4, 6 tokens; a minimum of 5 suppresses the first two.
        Trajectory t = roll(extensions(5, BudgetForcing.UNLIMITED), null, "ab</think>cd</think>ef</think>gh</think>");
        new ExpectedResponse().sampled("ab").inserted("Wait").sampled("cd").inserted("Wait").sampled("ef</think>gh</think>").sampledEos()
                .assertMatches(t, false);
        assertThat(t.extensions()).isEqualTo(2);
    }

    @Test
    void theMaximumCountsAcrossExtensions() {
        // 3 thinking tokens before the suppressed delimiter (its 8 sampled tokens are dropped and
        // uncounted), then 9 more reach the maximum of 12.
        BudgetForcing both = new BudgetForcing("</think>", 12, "", 0, "Wait", 1);
        Trajectory t = roll(both, null, "abc</think>defghijklmn</think>z");
        new ExpectedResponse().sampled("abc").inserted("Wait").sampled("defghijkl").inserted("</think>").sampled("mn</think>z").sampledEos()
                .assertMatches(t, false);
        assertThat(t.thinkingTokens()).isEqualTo(12);
        assertThat(t.extensions()).isEqualTo(1);
    }

    @Test
    void delimiterTokensCountAsThinkingSoABudgetCanRunOutInsideTheDelimiter() {
        Trajectory t = roll(maxThinking(6), null, "abc</think>z");
        new ExpectedResponse().sampled("abc</t").inserted("</think>\nFinal:").sampled("hink>z").sampledEos().assertMatches(t, true);
        assertThat(t.thinkingTokens()).isEqualTo(6);
    }

    @Test
    void toolOutputInsideThinkingDoesNotCountAgainstTheBudget() {
        Trajectory t = roll(maxThinking(24), ScriptedTool.printer(), "<code>print(1)</code>abcdefghijklmnop</think>x");
        // 21 sampled tokens in the call, then 3 more before the maximum.
        new ExpectedResponse().sampled("<code>print(1)</code>").inserted("<interpreter>\n1\n</interpreter>\n").sampled("abc")
                .inserted("</think>\nFinal:").sampled("defghijklmnop</think>x").sampledEos().assertMatches(t, true);
        assertThat(t.thinkingTokens()).isEqualTo(24);
    }

    @Test
    void inconsistentBudgetsAreRefusedWithAMessage() {
        assertThatThrownBy(() -> new BudgetForcing("</think>", 10, "", 20, "Wait", 1)).hasMessageContaining("exceed max thinking");
        assertThatThrownBy(() -> new BudgetForcing("", 10, "", 0, "Wait", 0)).hasMessageContaining("delimiter");
        assertThatThrownBy(() -> new BudgetForcing("</think>", 0, "", 0, "", 2)).hasMessageContaining("extension string");
    }
}
