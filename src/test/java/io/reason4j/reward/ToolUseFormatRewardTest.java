package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tool-use format reward on hand-written responses, well formed and not. */
class ToolUseFormatRewardTest {
    static final ToolUseFormatReward REWARD = ToolUseFormatReward.defaults();

    static ComponentScore score(String response) {
        return REWARD.score(new RewardContext(new RewardSample("What is 6*7?", response, "42", 10)));
    }

    static String problem(String response) {
        return ToolUseFormatReward.problem(response);
    }

    @Test
    void codeThenItsOutputIsWellFormed() {
        ComponentScore s = score("Let me compute.\n<code>print(6*7)</code>\n<interpreter>42</interpreter>\nSo \\boxed{42}.");
        assertThat(s.value()).isEqualTo(1.0);
        assertThat(s.explanation()).isEqualTo("1 code block(s) and 1 output block(s), well formed");
        assertThat(problem("```python\nprint(6*7)\n```\n```output\n42\n```\nSo \\boxed{42}.")).isNull();
        assertThat(problem("```py\nx = 1\n```\nand more text")).isNull();
    }

    @Test
    void severalCallsEachWithOrWithoutOutput() {
        assertThat(problem("<code>a=1</code><interpreter></interpreter> then <code>print(a)</code>\n<interpreter>1</interpreter> \\boxed{1}"))
                .isNull();
        // Code whose output the rollout has not appended (the last call of a truncated response, or no output) is fine.
        assertThat(problem("<code>x=2</code> and then <code>print(x)</code> done")).isNull();
    }

    @Test
    void theReToolTemplateWrapsAFenceInCodeTags() {
        String retool = "<code>\n```python\nprint(6*7)\n```\n</code>\n<interpreter>\n42\n</interpreter>\nThe answer is \\boxed{42}.";
        assertThat(problem(retool)).isNull();
        assertThat(score(retool).explanation()).startsWith("1 code block(s) and 1 output block(s)");
    }

    @Test
    void aResponseWithoutCodeIsWellFormed() {
        assertThat(score("6*7 = 42, so \\boxed{42}.").value()).isEqualTo(1.0);
        assertThat(score("6*7 = 42, so \\boxed{42}.").explanation()).isEqualTo("no code blocks");
        assertThat(problem("A table:\n```text\nx | y\n```\ndone")).isNull();
    }

    @Test
    void unclosedBlocksAreMalformed() {
        assertThat(score("<code>print(6*7)").value()).isEqualTo(0.0);
        assertThat(problem("<code>print(6*7)")).isEqualTo("a <code> block is never closed");
        assertThat(problem("```python\nprint(6*7)\n")).isEqualTo("a ```python block is never closed");
        assertThat(problem("<code>1</code><interpreter>1")).isEqualTo("an <interpreter> block is never closed");
        assertThat(problem("```python\n1\n```\n```output\n1\n")).isEqualTo("a ```output block is never closed");
        assertThat(problem("```\nquoted\n")).isEqualTo("a ``` fence is never closed");
    }

    @Test
    void strayClosingTagsAreMalformed() {
        assertThat(problem("print(1)</code>")).isEqualTo("</code> at character 8 closes nothing");
        assertThat(problem("<code>1</code></code>")).isEqualTo("</code> at character 14 closes nothing");
        assertThat(problem("42</interpreter>")).isEqualTo("</interpreter> at character 2 closes nothing");
    }

    @Test
    void nestedCodeBlocksAreMalformed() {
        assertThat(problem("<code>a <code>b</code></code>")).isEqualTo("<code> at character 8 inside a <code> block");
        assertThat(problem("```python\na\n```python\nb\n```\n```")).isEqualTo("```python at character 12 inside a ```python block");
        assertThat(problem("```python\na <code>b</code>\n```")).isEqualTo("<code> at character 12 inside a ```python block");
        assertThat(problem("<code>print(1)<interpreter>1</interpreter></code>"))
                .isEqualTo("<interpreter> at character 14 inside a <code> block");
    }

    @Test
    void outputOnlyRightAfterCode() {
        // Output the rollout did not append: the policy wrote it, a fabricated tool result.
        assertThat(problem("Clearly <interpreter>42</interpreter> so \\boxed{42}"))
                .isEqualTo("interpreter output <interpreter> at character 8 does not follow a code block");
        assertThat(problem("<code>print(6*7)</code> which prints <interpreter>42</interpreter>"))
                .isEqualTo("interpreter output <interpreter> at character 37 does not follow a code block");
        assertThat(problem("```output\n42\n```")).isEqualTo("interpreter output ```output at character 0 does not follow a code block");
        // One output per call: a second output block has no code of its own.
        assertThat(problem("<code>1</code><interpreter>1</interpreter>\n<interpreter>2</interpreter>"))
                .isEqualTo("interpreter output <interpreter> at character 43 does not follow a code block");
        assertThat(score("Clearly <interpreter>42</interpreter>").value()).isEqualTo(0.0);
    }

    @Test
    void theContentOfOutputIsNotLookedInto() {
        // A program may print anything, markers included; that is not the model's markup.
        assertThat(problem("<code>print(tags)</code>\n<interpreter><code> ```python </code></interpreter> ok")).isNull();
        assertThat(problem("```python\nprint(1)\n```\n```output\n<code>\n```")).isNull();
        assertThat(problem("```python\nprint('</code>')\n```")).isEqualTo("</code> at character 17 inside a ```python block");
    }
}
