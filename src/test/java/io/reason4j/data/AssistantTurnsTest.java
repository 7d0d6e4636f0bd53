package io.reason4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.text.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assistant-only masks with real templates, checked against the template rendered separately. */
class AssistantTurnsTest {

    @TempDir
    Path dir;

    private static String qwen25Template() throws IOException {
        try (InputStream in = AssistantTurnsTest.class.getResourceAsStream("/text/qwen2.5-7b-instruct-chat-template.json")) {
            return new ObjectMapper().readTree(in).get("chat_template").asText();
        }
    }

    /** The tiny tokenizer with another chat template. */
    private Tokenizer tokenizerWithTemplate(String template) throws IOException {
        Path model = TinyTokenizerFixture.write(dir.resolve("model"));
        var config = TinyTokenizerFixture.tokenizerConfig();
        config.put("chat_template", template);
        Files.writeString(model.resolve("tokenizer_config.json"), config.toPrettyString());
        return Tokenizer.load(model);
    }

    private SftDataset read(Tokenizer tokenizer, String line) throws IOException {
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, line + "\n");
        return SftDataset.read(file, tokenizer, SftReadOptions.DEFAULTS);
    }

    /** The text of each run of trainable tokens. */
    private static List<String> trainedRuns(SftExample example, Tokenizer tokenizer) {
        List<String> runs = new ArrayList<>();
        int[] tokens = example.tokens();
        for (int i = 0; i < tokens.length; ) {
            if (!example.trainable()[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < tokens.length && example.trainable()[i]) {
                i++;
            }
            runs.add(tokenizer.decode(java.util.Arrays.copyOfRange(tokens, start, i), false));
        }
        return runs;
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    @Test
    void qwenToolCallsAreTrainedAndToolResponsesAreNot() throws IOException {
        String template = qwen25Template();
        try (Tokenizer tokenizer = tokenizerWithTemplate(template)) {
            SftDataset data = read(tokenizer, """
                    {"messages": [{"role": "system", "content": "You can run code."}, \
                    {"role": "user", "content": "What is 6*7?"}, \
                    {"role": "assistant", "content": null, "tool_calls": [{"type": "function", \
                    "function": {"name": "python", "arguments": {"code": "print(6*7)"}}}]}, \
                    {"role": "tool", "content": "42"}, \
                    {"role": "assistant", "content": "It is 42."}], \
                    "tools": [{"type": "function", "function": {"name": "python"}}]}""");
            SftExample example = data.get(0);

            // The whole text is the template's, rendered here on its own.
            // Keys in file order, as the reader keeps them (and Python's dicts do).
            Map<String, Object> call = ordered("type", "function",
                    "function", ordered("name", "python", "arguments", Map.of("code", "print(6*7)")));
            List<ChatMessage> messages = List.of(
                    ChatMessage.system("You can run code."),
                    ChatMessage.user("What is 6*7?"),
                    new ChatMessage("assistant", null, Map.of("tool_calls", List.of(call))),
                    new ChatMessage("tool", "42"),
                    ChatMessage.assistant("It is 42."));
            String rendered = new ChatTemplate(template, "qwen", null, "<|im_end|>").render(messages, false,
                    Map.of("tools", List.of(ordered("type", "function", "function", Map.of("name", "python")))));
            assertThat(tokenizer.decode(example.tokens(), false)).isEqualTo(rendered);
            assertThat(rendered).contains("# Tools").contains("<tool_response>\n42\n</tool_response>");

            assertThat(trainedRuns(example, tokenizer)).containsExactly(
                    "<tool_call>\n{\"name\": \"python\", \"arguments\": {\"code\": \"print(6*7)\"}}\n</tool_call><|im_end|>",
                    "It is 42.<|im_end|>");
        }
    }

    @Test
    void llama3StyleTurnsAreTrainedThroughTheirEndOfTurnToken() throws IOException {
        // Llama 3's shape (header tokens, trimmed content, end-of-turn token), with the fixture's special tokens.
        String template = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '<|endoftext|>\\n\\n'"
                + " + message['content'] | trim + '<|im_end|>' }}{% endfor %}"
                + "{% if add_generation_prompt %}{{ '<|im_start|>assistant<|endoftext|>\\n\\n' }}{% endif %}";
        try (Tokenizer tokenizer = tokenizerWithTemplate(template)) {
            SftExample example = read(tokenizer, """
                    {"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": " 4. "}, \
                    {"role": "user", "content": "Thanks"}]}""").get(0);
            assertThat(trainedRuns(example, tokenizer)).containsExactly("4.<|im_end|>");
        }
    }

    @Test
    void aTemplateThatRewritesEarlierTurnsIsRefused() throws IOException {
        // Marks only the last assistant message, as Qwen3 keeps only the last turns' reasoning.
        String template = "{% for m in messages %}{{ '<' + m.role + '>' + m.content }}"
                + "{% if loop.last and m.role == 'assistant' %}{{ '[last]' }}{% endif %}{{ '<|im_end|>' }}{% endfor %}"
                + "{% if add_generation_prompt %}{{ '<assistant>' }}{% endif %}";
        try (Tokenizer tokenizer = tokenizerWithTemplate(template)) {
            assertThatThrownBy(() -> read(tokenizer, """
                    {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, \
                    {"role": "user", "content": "c"}, {"role": "assistant", "content": "d"}]}"""))
                    .isInstanceOf(DatasetFormatException.class)
                    .hasMessage(dir.resolve("train.jsonl") + ":1: field \"messages\"[1]: the chat template renders the"
                            + " conversation up to this assistant message differently from the start of the whole"
                            + " conversation (it changes earlier turns once later ones follow, as Qwen3's drops the"
                            + " reasoning of earlier turns), so the assistant's tokens cannot be found by rendering"
                            + " prefixes; split the conversation so that each example ends with the assistant turn to"
                            + " train on, or use a template that renders earlier turns the same whatever follows");
            // With the assistant turn to train on last, the same template works.
            SftExample last = read(tokenizer, """
                    {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}""").get(0);
            assertThat(trainedRuns(last, tokenizer)).containsExactly("b[last]<|im_end|>");
        }
    }

    @Test
    void aGenerationPromptThatDiffersFromTheRenderedTurnIsRefused() throws IOException {
        String template = "{% for m in messages %}{{ '<' + m.role + '>' + m.content + '<|im_end|>' }}{% endfor %}"
                + "{% if add_generation_prompt %}{{ '<model>' }}{% endif %}";
        try (Tokenizer tokenizer = tokenizerWithTemplate(template)) {
            assertThatThrownBy(() -> read(tokenizer, """
                    {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}"""))
                    .hasMessageStartingWith(dir.resolve("train.jsonl") + ":1: field \"messages\"[1]: the chat template"
                            + " renders the conversation before this assistant message (with the generation prompt)"
                            + " differently from the start of the whole conversation");
        }
    }

    @Test
    void theTurnEndsAfterTheLastSpecialTokenFollowingTheContent() {
        List<String> specials = List.of("<|im_end|>", "<|im_start|>");
        String whole = "<|im_start|>assistant\nm<|im_end|>\n";
        int start = "<|im_start|>assistant\n".length();
        // "m" also occurs inside "<|im_end|>": the content's first occurrence is the one that counts.
        assertThat(whole.substring(start, AssistantTurns.endOfTurn(whole, start, whole.length(), "m", specials)))
                .isEqualTo("m<|im_end|>");
        // A special token inside the content is not the end of the turn.
        String withSpecial = "A:<|im_start|>x<|im_end|>\n";
        assertThat(withSpecial.substring(2, AssistantTurns.endOfTurn(withSpecial, 2, withSpecial.length(),
                "<|im_start|>x", specials))).isEqualTo("<|im_start|>x<|im_end|>");
        // No special token after the content: the whole turn is trained.
        assertThat(AssistantTurns.endOfTurn("A:x\n\n", 2, 5, "x", specials)).isEqualTo(5);
    }
}
