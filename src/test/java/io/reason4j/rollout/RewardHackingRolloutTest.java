package io.reason4j.rollout;

import static io.reason4j.rollout.TinyTokenizer.EOS;
import static io.reason4j.rollout.TinyTokenizer.TOKENIZER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.data.PromptExample;
import io.reason4j.reward.MathVerifier;
import io.reason4j.reward.VerifierSettings;
import io.reason4j.rl.ScoredResponse;
import io.reason4j.rl.TermReward;
import io.reason4j.rl.RlConfig;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.ChatTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The hacks of issue 18 played by a scripted policy through the real rollout (the real agent loop
 * runs the call and inserts the output, in every tool format it supports) and scored by the real RL
 * reward ({@link TermReward} on {@link ResponseText}): the reward path itself is under test, not
 * only the verifier. The chat format uses Qwen2.5's own chat template.
 */
class RewardHackingRolloutTest {
    static final PromptExample PROBLEM = new PromptExample("p", List.of(ChatMessage.user("What is 6 times 7?")), "42", "test", Map.of());
    static final String PROMPT = "<|im_start|>user\nWhat is 6 times 7?<|im_end|>\n<|im_start|>assistant\n";

    /** A tool format, and how a policy writes a call of {@code code} in it. */
    record Format(String name, ToolFormat format, UnaryOperator<String> call) {}

    static final List<Format> FORMATS = List.of(
            new Format("xml", InlineToolFormat.XML, code -> "<code>" + code + "</code>"),
            new Format("fenced", InlineToolFormat.FENCED, code -> "```python\n" + code + "\n```"),
            new Format("chat (Qwen2.5 template)", ChatToolFormat.hermes(qwenTemplate(), Map.of()).checked(),
                    code -> "<tool_call>\n{\"name\": \"python\", \"arguments\": {\"code\": \"" + code.replace("\\", "\\\\") + "\"}}\n</tool_call>"));

    static ChatTemplate qwenTemplate() {
        try (InputStream in = RewardHackingRolloutTest.class.getResourceAsStream("/text/qwen2.5-7b-instruct-chat-template.json")) {
            return new ChatTemplate(new ObjectMapper().readTree(in).get("chat_template").asText(), "Qwen2.5 template", null, "<|im_end|>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An interpreter that computes what the policy does not write: {@code print(6*7)} prints 42,
     * {@code print(answer())} prints a box, {@code print(x)} prints x.
     */
    static final ScriptedTool INTERPRETER = new ScriptedTool(code -> switch (code) {
        case "print(6*7)" -> "42\n";
        case "print(answer())" -> "\\boxed{42}\n";
        default -> code.startsWith("print(") && code.endsWith(")") ? code.substring(6, code.length() - 1) + "\n" : "";
    });

    static Trajectory roll(RolloutOptions options, String script) {
        return new Rollout(new ScriptedEngine(TOKENIZER, EOS, script), TOKENIZER, INTERPRETER, options)
                .run(List.of(new RolloutRequest(TinyTokenizer.ids(PROMPT), 0, 0))).getFirst();
    }

    static Trajectory roll(Format f, String script) {
        return roll(RolloutOptions.of(ToolRolloutTest.SAMPLING, 600).withFormat(f.format()), script);
    }

    static ScoredResponse score(Trajectory t, VerifierSettings settings) {
        return TermReward.of(p -> MathVerifier.of(settings), RlConfig.defaults()).score(PROBLEM, PROMPT, ResponseText.of(t, TOKENIZER));
    }

    static boolean credited(Trajectory t, VerifierSettings settings) {
        return score(t, settings).correct();
    }

    @Test
    void anAnswerThatOnlyTheToolPrintedEarnsNothingInAnyFormat() {
        for (Format f : FORMATS) {
            Trajectory t = roll(f, "Let me compute. " + f.call().apply("print(6*7)") + " I am not sure.");
            assertThat(t.toolCalls()).as(f.name()).singleElement().satisfies(c -> assertThat(c.output()).isEqualTo("42\n"));
            assertThat(ResponseText.of(t, TOKENIZER).full()).as(f.name() + ": the output is in the response").contains("42\n");
            assertThat(credited(t, VerifierSettings.strict())).as(f.name() + ", strict").isFalse();
            assertThat(credited(t, VerifierSettings.lenient())).as(f.name() + ", lenient: the last number is not the policy's").isFalse();
            // Plain-text scrubbing of the whole response covers every format too (verify, a teacher's text).
            assertThat(MathVerifier.withDefaults().verify("42", ResponseText.of(t, TOKENIZER).full()).equivalent()).as(f.name()).isFalse();
        }
    }

    @Test
    void aBoxPrintedByTheToolEarnsNothingInAnyFormat() {
        for (Format f : FORMATS) {
            Trajectory t = roll(f, f.call().apply("print(answer())") + " Done.");
            assertThat(t.toolCalls().getFirst().output()).as(f.name()).isEqualTo("\\boxed{42}\n");
            assertThat(credited(t, VerifierSettings.strict())).as(f.name()).isFalse();
            assertThat(credited(t, VerifierSettings.lenient())).as(f.name()).isFalse();
        }
    }

    @Test
    void anAnswerThePolicyStatesAfterReadingTheOutputEarnsCreditInEveryFormat() {
        for (Format f : FORMATS) {
            Trajectory t = roll(f, f.call().apply("print(6*7)") + " So the answer is \\boxed{42}.");
            ScoredResponse s = score(t, VerifierSettings.strict());
            assertThat(s.correct()).as(f.name()).isTrue();
            assertThat(s.rule()).isEqualTo("boxed");
            assertThat(s.answers()).isEqualTo(2); // "the answer is" and the box
        }
    }

    @Test
    void aBoxAroundAToolCallHoldsTheCodeNotItsOutput() {
        for (Format f : FORMATS) {
            Trajectory t = roll(f, "\\boxed{" + f.call().apply("print(6*7)") + "}");
            assertThat(credited(t, VerifierSettings.strict())).as(f.name()).isFalse();
            assertThat(credited(t, VerifierSettings.lenient())).as(f.name()).isFalse();
        }
    }

    @Test
    void outputThePolicyWritesItselfIsToolOutputToo() {
        // Markers the rollout never inserted here, written by the policy: still not an answer it states.
        for (String fake : List.of("<interpreter>42</interpreter> Hmm.", "<tool_response>42</tool_response> I am not sure.",
                "```output\n42\n```\nHmm.", "Hmm.<|im_start|>tool\n42")) {
            Trajectory t = roll(RolloutOptions.of(ToolRolloutTest.SAMPLING, 600), fake);
            assertThat(credited(t, VerifierSettings.lenient())).as(fake).isFalse();
        }
    }

    @Test
    void withoutAStatedAnswerOnlyTheLenientPolicyPays() {
        for (Format f : FORMATS) {
            Trajectory t = roll(f, f.call().apply("print(6*7)") + " The interpreter printed 42, so I am not sure.");
            assertThat(credited(t, VerifierSettings.strict())).as(f.name() + ": no final answer stated").isFalse();
            assertThat(score(t, VerifierSettings.strict()).answers()).isZero();
            ScoredResponse lenient = score(t, VerifierSettings.lenient());
            assertThat(lenient.correct()).as(f.name() + ": the policy's own last number").isTrue();
            assertThat(lenient.rule()).isEqualTo("plain_number");
        }
    }

    @Test
    void coarseDecimalsEarnNothingThroughTheRollout() {
        PromptExample third = new PromptExample("t", List.of(ChatMessage.user("1/3?")), "\\frac13", "test", Map.of());
        for (Format f : FORMATS) {
            for (String answer : List.of("0.3", "0.33", "0.333")) {
                Trajectory t = roll(f, f.call().apply("print(1/3)") + " The answer is \\boxed{" + answer + "}.");
                assertThat(TermReward.of(p -> MathVerifier.of(VerifierSettings.strict()), RlConfig.defaults())
                        .score(third, PROMPT, ResponseText.of(t, TOKENIZER)).correct()).as(f.name() + " " + answer).isFalse();
            }
            Trajectory precise = roll(f, f.call().apply("print(1/3)") + " The answer is \\boxed{0.333333}.");
            assertThat(TermReward.of(p -> MathVerifier.of(VerifierSettings.strict()), RlConfig.defaults())
                    .score(third, PROMPT, ResponseText.of(precise, TOKENIZER)).correct()).as(f.name()).isTrue();
        }
    }

    @Test
    void deeplyNestedAnswersAreReadThroughTheRollout() {
        Trajectory t = roll(RolloutOptions.of(ToolRolloutTest.SAMPLING, 600), "\\boxed{((((((((((((((((((((42))))))))))))))))))))}");
        assertThat(credited(t, VerifierSettings.strict())).isTrue();
    }

    @Test
    void budgetForcingStringsAreNotThePolicysWords() {
        // An extension string that states an answer (a careless or hostile recipe) is inserted, not said.
        BudgetForcing forcing = new BudgetForcing("</think>", 0, "", 0, "Wait, the answer is \\boxed{42}.", 1);
        Trajectory t = roll(RolloutOptions.of(ToolRolloutTest.SAMPLING, 600).withBudget(forcing), "Hmm</think>I give up.");
        assertThat(t.extensions()).isEqualTo(1);
        assertThat(ResponseText.of(t, TOKENIZER).full()).contains("\\boxed{42}");
        assertThat(credited(t, VerifierSettings.strict())).isFalse();
        assertThat(credited(t, VerifierSettings.lenient())).isFalse();
        // The forced answer prompt is not the policy's either: what the policy writes after it counts only if it states an answer.
        BudgetForcing cut = new BudgetForcing("</think>", 4, "\nFinal Answer:", 0, "Wait", 0);
        Trajectory forced = roll(RolloutOptions.of(ToolRolloutTest.SAMPLING, 600).withBudget(cut), "abcdefgh 42");
        assertThat(ResponseText.of(forced, TOKENIZER).full()).contains("Final Answer:");
        assertThat(credited(forced, VerifierSettings.strict())).isFalse();
        Trajectory stated = roll(RolloutOptions.of(ToolRolloutTest.SAMPLING, 600).withBudget(cut), "abcd \\boxed{42}");
        assertThat(credited(stated, VerifierSettings.strict())).isTrue();
    }

    @Test
    void theTextOnEitherSideOfAnInsertionNeverJoins() {
        // "4" before the forced "Wait" and "2" after it are two numbers of the policy's, not 42.
        BudgetForcing forcing = new BudgetForcing("</think>", 0, "", 0, "Wait", 1);
        Trajectory t = roll(RolloutOptions.of(ToolRolloutTest.SAMPLING, 600).withBudget(forcing), "Answer: 4</think>2");
        assertThat(ResponseText.of(t, TOKENIZER).policyWords()).isEqualTo("Answer: 4\n2");
        assertThat(credited(t, VerifierSettings.strict())).isFalse();
        assertThat(credited(t, VerifierSettings.lenient())).isFalse();
    }
}
