package io.reason4j.rollout;

import static io.reason4j.rollout.TinyTokenizer.EOS;
import static io.reason4j.rollout.TinyTokenizer.TOKENIZER;
import static io.reason4j.rollout.TinyTokenizer.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.engine.SamplingParams;
import io.reason4j.text.ChatTemplate;
import io.reason4j.tool.ToolStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent loop against a scripted policy: what is inserted where, masks, log-probs, limits, concurrency. */
class ToolRolloutTest {
    static final int[] PROMPT = {1, 2, 3};
    static final SamplingParams SAMPLING = SamplingParams.sample(0, 0).withStops(Set.of(EOS), List.of());

    static List<Trajectory> roll(RolloutOptions options, ScriptedTool tool, String... scripts) {
        ScriptedEngine engine = new ScriptedEngine(TOKENIZER, EOS, scripts);
        List<RolloutRequest> requests = new java.util.ArrayList<>();
        for (int i = 0; i < scripts.length; i++) requests.add(new RolloutRequest(PROMPT, i, 7));
        return new Rollout(engine, TOKENIZER, tool, options).run(requests);
    }

    static RolloutOptions options(ToolFormat format) {
        return RolloutOptions.of(SAMPLING, 400).withFormat(format);
    }

    @Test
    void inlineXmlRunsTheCodeInsertsTheOutputMaskedOutAndResumes() {
        ScriptedTool tool = ScriptedTool.printer();
        Trajectory t = roll(options(InlineToolFormat.XML), tool, "<code>print(42)</code>So 42.").getFirst();
        ExpectedResponse expected = new ExpectedResponse().sampled("<code>print(42)</code>")
                .inserted("<interpreter>\n42\n</interpreter>\n").sampled("So 42.").sampledEos();
        expected.assertMatches(t, true);
        assertThat(t.promptIds()).isEqualTo(PROMPT);
        assertThat(t.groupId()).isEqualTo(7);
        assertThat(t.finishReason()).isEqualTo(RolloutFinish.STOP);
        assertThat(t.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.input()).isEqualTo("print(42)");
            assertThat(c.output()).isEqualTo("42\n");
            assertThat(c.status()).isEqualTo(ToolStatus.OK);
            assertThat(c.position()).isEqualTo(ids("<code>print(42)</code>").length);
            assertThat(c.insertedTokens()).isEqualTo(ids("<interpreter>\n42\n</interpreter>\n").length);
            assertThat(c.wallMillis()).isEqualTo(1.5);
        });
    }

    @Test
    void fencedBlocksPauseOnTheClosingFenceNotTheOpeningOne() {
        ScriptedTool tool = ScriptedTool.printer();
        Trajectory t = roll(options(InlineToolFormat.FENCED), tool, "```python\nprint(7)\n```\nSo 7.").getFirst();
        new ExpectedResponse().sampled("```python\nprint(7)\n```").inserted("```output\n7\n```\n").sampled("\nSo 7.").sampledEos()
                .assertMatches(t, true);
        assertThat(tool.calls).hasValue(1);
        assertThat(t.toolCalls().getFirst().input()).isEqualTo("print(7)");
    }

    @Test
    void reToolsFencedCodeInsideCodeMarkersRunsWithoutTheFences() {
        Trajectory t = roll(options(InlineToolFormat.XML), ScriptedTool.printer(), "<code>\n```python\nprint(5)\n```\n</code>ok").getFirst();
        assertThat(t.toolCalls().getFirst().input()).isEqualTo("print(5)");
        assertThat(t.toolCalls().getFirst().output()).isEqualTo("5\n");
    }

    /** A chat template that renders tool calls and results with ReTool's markers inside one assistant turn. */
    static final String RETOOL_CHAT_TEMPLATE = """
            {%- for message in messages %}
            {%- if message.role == 'assistant' %}
            {%- if loop.index0 == 0 or messages[loop.index0 - 1].role != 'tool' %}{{ '<|im_start|>assistant\\n' }}{% endif %}
            {{- message.content }}
            {%- for call in message.tool_calls %}{{ '<code>' + call.function.arguments.code + '</code>' }}{% endfor %}
            {%- if not message.tool_calls %}{{ '<|im_end|>\\n' }}{% endif %}
            {%- elif message.role == 'tool' %}{{ '<interpreter>\\n' + message.content + '</interpreter>\\n' }}
            {%- else %}{{ '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}
            {%- endif %}
            {%- endfor %}
            {%- if add_generation_prompt and messages[messages|length - 1].role != 'tool' %}{{ '<|im_start|>assistant\\n' }}{% endif %}
            """;

    @Test
    void chatToolCallsRenderedThroughTheTemplateGiveTheSameTokensAndMasksAsInlineMarkers() {
        String script = "First <code>print(3)</code>then <code>print(4)</code>done.";
        ChatToolFormat chat = new ChatToolFormat(ChatTemplate.of(RETOOL_CHAT_TEMPLATE), Map.of(), "<code>", "</code>").checked();
        Trajectory inline = roll(options(InlineToolFormat.XML), ScriptedTool.printer(), script).getFirst();
        Trajectory viaChat = roll(options(chat), ScriptedTool.printer(), script).getFirst();
        new ExpectedResponse().sampled("First <code>print(3)</code>").inserted("<interpreter>\n3\n</interpreter>\n")
                .sampled("then <code>print(4)</code>").inserted("<interpreter>\n4\n</interpreter>\n").sampled("done.").sampledEos()
                .assertMatches(inline, true);
        assertThat(viaChat.responseIds()).isEqualTo(inline.responseIds());
        assertThat(viaChat.lossMask()).isEqualTo(inline.lossMask());
        assertThat(viaChat.logprobs()).isEqualTo(inline.logprobs());
        assertThat(viaChat.toolCalls()).isEqualTo(inline.toolCalls());
    }

    /** Qwen2.5's way of rendering tool calls and results, cut down to what matters here. */
    static final String QWEN_TOOL_TEMPLATE = """
            {%- for message in messages %}
            {%- if message.role == 'user' or message.role == 'system' %}{{ '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}
            {%- elif message.role == 'assistant' %}{{ '<|im_start|>assistant' }}{% if message.content %}{{ '\\n' + message.content }}{% endif %}
            {%- for tool_call in message.tool_calls %}{{ '\\n<tool_call>\\n{"name": "' + tool_call.function.name + '", "arguments": ' + (tool_call.function.arguments | tojson) + '}\\n</tool_call>' }}{% endfor %}
            {{- '<|im_end|>\\n' }}
            {%- elif message.role == 'tool' %}{{ '<|im_start|>user\\n<tool_response>\\n' + message.content + '\\n</tool_response><|im_end|>\\n' }}
            {%- endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}
            """;

    @Test
    void hermesToolCallsInsertTheTemplatesToolTurnAndTheNextAssistantHeader() {
        ChatToolFormat chat = ChatToolFormat.hermes(ChatTemplate.of(QWEN_TOOL_TEMPLATE), Map.of()).checked();
        String call = "<tool_call>\n{\"name\": \"python\", \"arguments\": {\"code\": \"print(9)\"}}\n</tool_call>";
        Trajectory t = roll(options(chat), ScriptedTool.printer(), "Let me run it.\n" + call + "It is 9.").getFirst();
        new ExpectedResponse().sampled("Let me run it.\n" + call)
                .inserted("<|im_end|>\n<|im_start|>user\n<tool_response>\n9\n\n</tool_response><|im_end|>\n<|im_start|>assistant\n")
                .sampled("It is 9.").sampledEos()
                .assertMatches(t, true);
        assertThat(t.toolCalls().getFirst().input()).isEqualTo("print(9)");
    }

    @Test
    void aMalformedChatCallIsAnErrorTheModelReadsAndNothingRuns() {
        ChatToolFormat chat = ChatToolFormat.hermes(ChatTemplate.of(QWEN_TOOL_TEMPLATE), Map.of());
        ScriptedTool tool = ScriptedTool.printer();
        List<Trajectory> ts = roll(options(chat), tool,
                "<tool_call>\n{\"name\": \"python\", \"arguments\": {\"cod\": \"print(1)\"}}\n</tool_call>ok",
                "<tool_call>\n{\"name\": \"python\", \"arguments\": \n</tool_call>ok",
                "<tool_call>\n{\"name\": \"bash\", \"arguments\": {\"code\": \"ls\"}}\n</tool_call>ok");
        assertThat(tool.calls).hasValue(0);
        assertThat(ts.get(0).toolCalls().getFirst().output()).contains("\"code\" field");
        assertThat(ts.get(1).toolCalls().getFirst().output()).contains("not valid JSON");
        assertThat(ts.get(2).toolCalls().getFirst().output()).contains("no tool named bash");
        for (Trajectory t : ts) {
            assertThat(t.toolCalls().getFirst().status()).isEqualTo(ToolStatus.ERROR);
            assertThat(TOKENIZER.decode(t.responseIds(), false)).contains("<tool_response>\n" + t.toolCalls().getFirst().output());
        }
    }

    @Test
    void oneCallMoreThanTheLimitEndsTheTrajectoryWithoutRunningIt() {
        ScriptedTool tool = ScriptedTool.printer();
        Trajectory t = roll(options(InlineToolFormat.XML).withMaxToolCalls(1), tool, "<code>print(1)</code>A<code>print(2)</code>B").getFirst();
        assertThat(tool.calls).hasValue(1);
        assertThat(t.finishReason()).isEqualTo(RolloutFinish.TOOL_LIMIT);
        new ExpectedResponse().sampled("<code>print(1)</code>").inserted("<interpreter>\n1\n</interpreter>\n")
                .sampled("A<code>print(2)</code>").assertMatches(t, true);
        assertThat(roll(options(InlineToolFormat.XML).withMaxToolCalls(0), tool, "<code>print(1)</code>").getFirst().finishReason())
                .isEqualTo(RolloutFinish.TOOL_LIMIT);
    }

    @Test
    void longOutputIsCutToItsHeadAndTail() {
        ScriptedTool tool = new ScriptedTool(code -> "x".repeat(3000) + "END\n");
        RolloutOptions o = new RolloutOptions(SAMPLING, 1000, InlineToolFormat.XML, 8, 100, BudgetForcing.NONE);
        Trajectory t = roll(o, tool, "<code>go</code>ok").getFirst();
        String output = t.toolCalls().getFirst().output();
        assertThat(output).contains("characters cut").endsWith("END\n").startsWith("xxxxx");
        assertThat(output.length()).isLessThan(150);
        assertThat(TOKENIZER.decode(t.responseIds(), false)).contains("<interpreter>\n" + output + "</interpreter>\n");
    }

    @Test
    void theResponseLimitCutsInsertedOutputAndIsNeverExceeded() {
        int callLength = ids("<code>print(123456)</code>").length;
        RolloutOptions o = RolloutOptions.of(SAMPLING, callLength + 5);
        Trajectory t = roll(o, ScriptedTool.printer(), "<code>print(123456)</code>more").getFirst();
        assertThat(t.finishReason()).isEqualTo(RolloutFinish.LENGTH);
        assertThat(t.responseIds()).hasSize(callLength + 5);
        new ExpectedResponse().sampled("<code>print(123456)</code>").inserted("<inte").assertMatches(t, true);
        assertThat(t.toolCalls().getFirst().insertedTokens()).isEqualTo(5);

        Trajectory plain = roll(RolloutOptions.of(SAMPLING, 4), ScriptedTool.printer(), "abcdefgh").getFirst();
        new ExpectedResponse().sampled("abcd").assertMatches(plain, true);
        assertThat(plain.finishReason()).isEqualTo(RolloutFinish.LENGTH);
    }

    @Test
    void toolCallsRunConcurrentlyWhileOtherSequencesKeepDecoding() {
        CyclicBarrier bothInFlight = new CyclicBarrier(2);
        ScriptedEngine engine = new ScriptedEngine(TOKENIZER, EOS, "<code>a</code>x", "<code>b</code>y", "z".repeat(300));
        // Each call returns only once both calls run at once and the third sequence has decoded to its end:
        // a loop that waited for tool calls would never get there (the calls would time out instead).
        ScriptedTool tool = new ScriptedTool(code -> {
            try {
                bothInFlight.await(10, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!engine.stopped.contains(2)) {
                    if (System.nanoTime() > deadline) return "the third sequence did not finish during the call\n";
                    Thread.sleep(1);
                }
                return "done\n";
            } catch (Exception e) {
                return "not concurrent: " + e + "\n";
            }
        });
        List<RolloutRequest> requests = List.of(new RolloutRequest(PROMPT, 1, 0), new RolloutRequest(PROMPT, 2, 0), new RolloutRequest(PROMPT, 3, 1));
        List<Trajectory> ts = new Rollout(engine, TOKENIZER, tool, RolloutOptions.of(SAMPLING, 400)).run(requests);
        assertThat(ts.get(0).toolCalls().getFirst().output()).isEqualTo("done\n");
        assertThat(ts.get(1).toolCalls().getFirst().output()).isEqualTo("done\n");
        assertThat(ts.get(2).responseIds()).hasSize(301);
        assertThat(ts.get(2).toolCalls()).isEmpty();
    }

    @Test
    void aToolThatThrowsIsASandboxErrorTheModelReads() {
        ScriptedTool tool = new ScriptedTool(code -> { throw new IllegalStateException("boom"); });
        Trajectory t = roll(options(InlineToolFormat.XML), tool, "<code>x</code>ok").getFirst();
        assertThat(t.toolCalls().getFirst().status()).isEqualTo(ToolStatus.SANDBOX_ERROR);
        assertThat(t.toolCalls().getFirst().output()).contains("boom");
        assertThat(t.finishReason()).isEqualTo(RolloutFinish.STOP);
    }

    @Test
    void withoutAToolCodeMarkersAreJustText() {
        Trajectory t = new Rollout(new ScriptedEngine(TOKENIZER, EOS, "<code>print(1)</code>ok"), TOKENIZER, null,
                RolloutOptions.of(SAMPLING, 100)).run(List.of(new RolloutRequest(PROMPT, 0, 0))).getFirst();
        new ExpectedResponse().sampled("<code>print(1)</code>ok").sampledEos().assertMatches(t, true);
    }
}
