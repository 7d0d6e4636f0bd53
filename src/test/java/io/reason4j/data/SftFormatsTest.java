package io.reason4j.data;

import static io.reason4j.text.TinyTokenizerFixture.HELLO;
import static io.reason4j.text.TinyTokenizerFixture.IM_END;
import static io.reason4j.text.TinyTokenizerFixture.IM_START;
import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each line format against a token layout written by hand for the tiny byte-level tokenizer. */
class SftFormatsTest {

    @TempDir
    static Path shared;
    static Tokenizer tokenizer;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(TinyTokenizerFixture.write(shared.resolve("tiny")));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private SftDataset read(SftReadOptions options, String... lines) throws IOException {
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return SftDataset.read(file, tokenizer, options);
    }

    private SftDataset read(String... lines) throws IOException {
        return read(SftReadOptions.DEFAULTS, lines);
    }

    /** ChatML as the fixture's template writes it: header untrained; content and <|im_end|> trained; "\n" not. */
    private static ExpectedLayout chatml(ExpectedLayout layout, String role, String content) {
        layout.token(IM_START, false).text(role + "\n", false);
        boolean assistant = role.equals("assistant");
        return layout.text(content, assistant).token(IM_END, assistant).text("\n", false);
    }

    @Test
    void chatTrainsOnlyAssistantTurnsThroughTheirEndOfTurnToken() throws IOException {
        SftDataset data = read("""
                {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "2+2?"}, \
                {"role": "assistant", "content": "4."}, {"role": "user", "content": "And 3+3?"}, \
                {"role": "assistant", "content": "6."}]}""");
        ExpectedLayout expected = new ExpectedLayout();
        chatml(expected, "system", "Be brief.");
        chatml(expected, "user", "2+2?");
        chatml(expected, "assistant", "4.");
        chatml(expected, "user", "And 3+3?");
        chatml(expected, "assistant", "6.");
        expected.assertMatches(data.get(0));
        assertThat(data.report().formats()).containsExactly(Map.entry(SftFormat.CHAT, 1));
        assertThat(data.get(0).origin()).isEqualTo(dir.resolve("train.jsonl") + ":1");
    }

    @Test
    void toolMessagesAreNotTrained() throws IOException {
        SftDataset data = read("""
                {"messages": [{"role": "user", "content": "6*7?"}, {"role": "assistant", "content": "<code>6*7</code>"}, \
                {"role": "tool", "content": "42"}, {"role": "assistant", "content": "42."}]}""");
        ExpectedLayout expected = new ExpectedLayout();
        chatml(expected, "user", "6*7?");
        chatml(expected, "assistant", "<code>6*7</code>");
        chatml(expected, "tool", "42");
        chatml(expected, "assistant", "42.");
        expected.assertMatches(data.get(0));
    }

    @Test
    void textPromptAndCompletionTrainTheCompletionAndAnAppendedEos() throws IOException {
        SftDataset data = read(
                "{\"prompt\": \"Q: 2+2?\\nA:\", \"completion\": \" 4\"}",
                "{\"prompt\": \"Q: 2+2?\\nA:\", \"completion\": \" 4<|im_end|>\"}");
        ExpectedLayout expected = new ExpectedLayout().text("Q: 2+2?\nA:", false).text(" 4", true).token(IM_END, true);
        expected.assertMatches(data.get(0));
        // A completion that already ends with EOS does not get a second one (TRL's add_eos).
        expected.assertMatches(data.get(1));
        assertThat(data.report().formats()).containsExactly(Map.entry(SftFormat.PROMPT_COMPLETION, 2));
    }

    @Test
    void eosIsNotAppendedWhenTurnedOff() throws IOException {
        SftDataset data = read(SftReadOptions.DEFAULTS.withAppendEos(false),
                "{\"prompt\": \"Q:\", \"completion\": \" 4\"}", "{\"text\": \"a b\"}");
        new ExpectedLayout().text("Q:", false).text(" 4", true).assertMatches(data.get(0));
        new ExpectedLayout().text("a b", true).assertMatches(data.get(1));
    }

    @Test
    void aTokenMergedAcrossTheBoundaryIsTrainedAndReported() throws IOException {
        // Alone, "hel" is [he, l]; joined, "hello" is one token: it holds completion text, so it is trained.
        SftDataset data = read("{\"prompt\": \"hel\", \"completion\": \"lo\"}");
        new ExpectedLayout().token(HELLO, true).token(IM_END, true).assertMatches(data.get(0));
        assertThat(data.report().boundaryMismatches()).isEqualTo(1);
        assertThat(data.report().mismatchesAt()).containsExactly(dir.resolve("train.jsonl") + ":1");
        assertThat(data.report().warnings()).singleElement().asString().contains("at 1 boundaries");
    }

    @Test
    void aChatPromptIsRenderedWithTheGenerationPromptBeforeATextCompletion() throws IOException {
        SftDataset data = read("{\"prompt\": [{\"role\": \"user\", \"content\": \"2+2?\"}], \"completion\": \"4.\"}");
        ExpectedLayout expected = new ExpectedLayout();
        chatml(expected, "user", "2+2?");
        expected.token(IM_START, false).text("assistant\n", false).text("4.", true).token(IM_END, true);
        expected.assertMatches(data.get(0));
    }

    @Test
    void chatPromptCompletionTrainsOnlyTheCompletionsAssistantTurns() throws IOException {
        // A few-shot assistant turn in the prompt is context, not a target.
        SftDataset data = read("""
                {"prompt": [{"role": "user", "content": "1+1?"}, {"role": "assistant", "content": "2."}, \
                {"role": "user", "content": "2+2?"}], "completion": [{"role": "assistant", "content": "4."}]}""");
        ExpectedLayout expected = new ExpectedLayout();
        chatml(expected, "user", "1+1?");
        expected.token(IM_START, false).text("assistant\n2.", false).token(IM_END, false).text("\n", false);
        chatml(expected, "user", "2+2?");
        chatml(expected, "assistant", "4.");
        expected.assertMatches(data.get(0));
        assertThat(data.report().formats()).containsExactly(Map.entry(SftFormat.CHAT_PROMPT_COMPLETION, 1));
    }

    @Test
    void segmentsMarkedNotToTrainAreContext() throws IOException {
        SftDataset data = read("""
                {"prompt": "Q\\n", "completion": [{"text": "Let us run code.\\n", "train": true}, \
                {"text": "<interpreter>4</interpreter>\\n", "train": false}, {"text": "", "train": false}, \
                {"text": "So 4.", "train": true}]}""");
        new ExpectedLayout()
                .text("Q\n", false)
                .text("Let us run code.\n", true)
                .text("<interpreter>4</interpreter>\n", false)
                .text("So 4.", true)
                .token(IM_END, true)
                .assertMatches(data.get(0));
        assertThat(data.report().formats()).containsExactly(Map.entry(SftFormat.SEGMENTS, 1));
        assertThat(data.report().boundaryMismatches()).isZero();
    }

    @Test
    void plainTextIsTrainedWhole() throws IOException {
        SftDataset data = read("{\"text\": \"a b\"}");
        new ExpectedLayout().text("a b", true).token(IM_END, true).assertMatches(data.get(0));
    }

    @Test
    void preTokenizedExamplesAreUsedAsGiven() throws IOException {
        SftDataset data = read(
                "{\"input_ids\": [1, 2, 3, 4], \"loss_mask\": [0, 0, 1, 1]}",
                "{\"input_ids\": [5, 6, 7], \"completion_mask\": [false, true, true]}",
                "{\"input_ids\": [5, 6]}",
                "{\"prompt_ids\": [1, 2], \"completion_ids\": [3]}");
        assertThat(data.get(0)).isEqualTo(new SftExample(new int[] {1, 2, 3, 4},
                new boolean[] {false, false, true, true}, dir.resolve("train.jsonl") + ":1"));
        assertThat(data.get(1).trainable()).containsExactly(false, true, true);
        assertThat(data.get(2).trainable()).containsExactly(true, true);
        assertThat(data.get(3).tokens()).containsExactly(1, 2, 3);
        assertThat(data.get(3).trainable()).containsExactly(false, false, true);
    }

    @Test
    void preTokenizedExamplesNeedNoTokenizer() throws IOException {
        Path file = dir.resolve("ids.jsonl");
        Files.writeString(file, "{\"input_ids\": [1, 2, 900], \"loss_mask\": [0, 1, 1]}\n");
        SftDataset data = SftDataset.read(file, null, SftReadOptions.DEFAULTS);
        assertThat(data.get(0).tokens()).containsExactly(1, 2, 900);
    }

    @Test
    void aFileMayMixFormatsAndBlankLinesAndTheReportCountsThem() throws IOException {
        SftDataset data = read(
                "{\"text\": \"a\"}",
                "",
                "   ",
                "{\"input_ids\": [1, 2]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"no answer\"}]}",
                "{\"id\": 7, \"prompt\": \"Q\", \"completion\": \"A\"}");
        assertThat(data.size()).isEqualTo(3);
        SftReadReport report = data.report();
        assertThat(report.blankLines()).isEqualTo(2);
        assertThat(report.untrainable()).isEqualTo(1);
        assertThat(report.untrainableAt()).containsExactly(dir.resolve("train.jsonl") + ":5");
        assertThat(report.summary()).isEqualTo(dir.resolve("train.jsonl")
                + ": 3 examples (1 prompt-completion, 1 text, 1 tokens), 2 blank lines skipped");
        assertThat(report.warnings()).singleElement().asString()
                .startsWith(dir.resolve("train.jsonl") + ": 1 lines have no token to train on and are skipped");
    }

    @Test
    void templateVariablesReachTheTemplateAndALinesKwargsOverrideThem() throws IOException {
        Path model = shared.resolve("flagged");
        var config = TinyTokenizerFixture.tokenizerConfig();
        config.put("chat_template", "{% if flag %}[flag]{% endif %}{% for m in messages %}{{ m.role }}:{{ m.content }}"
                + "{% if m.role == 'assistant' %}<|im_end|>{% endif %}{{ '\\n' }}{% endfor %}"
                + "{% if add_generation_prompt %}assistant:{% endif %}");
        TinyTokenizerFixture.write(model);
        Files.writeString(model.resolve("tokenizer_config.json"), config.toPrettyString());
        try (Tokenizer flagged = Tokenizer.load(model)) {
            Path file = dir.resolve("vars.jsonl");
            Files.writeString(file, """
                    {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
                    {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}], \
                    "chat_template_kwargs": {"flag": false}}
                    """);
            SftDataset data = SftDataset.read(file, flagged, SftReadOptions.DEFAULTS.withTemplateVariables(Map.of("flag", true)));
            new ExpectedLayout().text("[flag]user:q\nassistant:", false).text("a", true).token(IM_END, true)
                    .text("\n", false).assertMatches(data.get(0));
            new ExpectedLayout().text("user:q\nassistant:", false).text("a", true).token(IM_END, true)
                    .text("\n", false).assertMatches(data.get(1));
        }
    }

    @Test
    void examplesCountTheirTrainableTargets() {
        SftExample example = new SftExample(new int[] {1, 2, 3, 4}, new boolean[] {true, false, true, true}, "x");
        // The first token is never a target, whatever its flag.
        assertThat(example.trainableTargets()).isEqualTo(2);
        assertThat(example.trainableTargets(3)).isEqualTo(1);
        assertThat(List.of(example)).containsExactly(
                new SftExample(new int[] {1, 2, 3, 4}, new boolean[] {true, false, true, true}, "x"));
    }
}
