package io.reason4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user mistake in a dataset file gets one line naming the file, line, field and what was expected. */
class SftReadErrorsTest {

    private static final String FORMATS = "\"messages\"; \"prompt\" and \"completion\"; \"text\"; \"input_ids\";"
            + " or \"prompt_ids\" and \"completion_ids\"";

    @TempDir
    static Path shared;
    static Tokenizer tokenizer;

    @TempDir
    Path dir;
    Path file;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(TinyTokenizerFixture.write(shared.resolve("tiny")));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> readingFails(Tokenizer t, SftReadOptions options,
                                                                          String content) throws IOException {
        file = dir.resolve("train.jsonl");
        Files.writeString(file, content);
        return assertThatThrownBy(() -> SftDataset.read(file, t, options))
                .isInstanceOf(DatasetFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** Reading the line fails with "train.jsonl:1: " + message. */
    private void lineFails(String line, String message) throws IOException {
        readingFails(tokenizer, SftReadOptions.DEFAULTS, line + "\n").hasMessage(file + ":1: " + message);
    }

    @Test
    void missingEmptyAndBlankFiles() throws IOException {
        Path missing = dir.resolve("nope.jsonl");
        assertThatThrownBy(() -> SftDataset.read(missing, tokenizer, SftReadOptions.DEFAULTS))
                .isInstanceOf(DatasetFormatException.class).hasMessage("file not found: " + missing);
        readingFails(tokenizer, SftReadOptions.DEFAULTS, "").hasMessage(file + ": no examples: the file is empty");
        readingFails(tokenizer, SftReadOptions.DEFAULTS, "\n  \n\t\n").hasMessage(file + ": no examples: the file is blank (3 blank lines)");
    }

    @Test
    void textThatIsNotUtf8() throws IOException {
        file = dir.resolve("train.jsonl");
        Files.write(file, new byte[] {'{', '}', '\n', '"', (byte) 0xFF, '"', '\n'});
        assertThatThrownBy(() -> SftDataset.read(file, tokenizer, SftReadOptions.DEFAULTS))
                .hasMessage(file + ":2: not UTF-8 text (JSONL files must be UTF-8)");
    }

    @Test
    void invalidJson() throws IOException {
        readingFails(tokenizer, SftReadOptions.DEFAULTS, "{\"text\": \"a\"}\n{\"text\": }\n")
                .hasMessageStartingWith(file + ":2: invalid JSON at column 10: Unexpected character ('}'");
        readingFails(tokenizer, SftReadOptions.DEFAULTS, "{\"text\": \"a\"} {\"text\": \"b\"}\n")
                .hasMessage(file + ":1: invalid JSON at column 15: a second value follows the first; JSONL has one JSON"
                        + " object per line");
    }

    @Test
    void linesThatAreNotExamples() throws IOException {
        lineFails("[1, 2]", "expected a JSON object, got a list");
        lineFails("\"text\"", "expected a JSON object, got \"text\"");
        lineFails("{\"question\": \"q\", \"answer\": \"a\"}",
                "expected the fields " + FORMATS + "; got an object with the fields \"question\", \"answer\"");
        lineFails("{}", "expected the fields " + FORMATS + "; got an empty object");
        lineFails("{\"messages\": [], \"text\": \"a\"}", "the fields \"messages\" and \"text\" belong to different example"
                + " formats (expected " + FORMATS + "); give one of them");
    }

    @Test
    void badMessages() throws IOException {
        lineFails("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": \"b\"},"
                + " {\"role\": \"bot\", \"content\": \"c\"}]}",
                "field \"messages\"[2].role: expected one of system, user, assistant, tool, got \"bot\"");
        lineFails("{\"messages\": [{\"content\": \"a\"}]}",
                "field \"messages\"[0].role: expected one of system, user, assistant, tool, got nothing (the field is missing)");
        lineFails("{\"messages\": \"hi\"}", "field \"messages\": expected a non-empty list of messages, got \"hi\"");
        lineFails("{\"messages\": []}", "field \"messages\": expected a non-empty list of messages, got an empty list");
        lineFails("{\"messages\": [3]}", "field \"messages\"[0]: expected a message {\"role\": ..., \"content\": ...}, got 3");
        lineFails("{\"messages\": [{\"role\": \"user\", \"content\": 5}]}",
                "field \"messages\"[0].content: expected a string, got 5");
        lineFails("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\"}]}",
                "field \"messages\"[1].content: expected a string (or null with \"tool_calls\"), got nothing (the field is missing)");
        lineFails("{\"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(100) + "\"}, {\"role\": 7}]}",
                "field \"messages\"[1].role: expected one of system, user, assistant, tool, got 7");
        lineFails("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"tools\": \"python\"}",
                "field \"tools\": expected a list of tool definitions, got \"python\"");
        lineFails("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"chat_template_kwargs\": [1]}",
                "field \"chat_template_kwargs\": expected an object of chat template variables, got a list");
        lineFails("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"chat_template_kwargs\": {\"messages\": 1}}",
                "field \"chat_template_kwargs\".messages: is set by the reader, not by chat_template_kwargs");
    }

    @Test
    void longStringsAreCutShortInMessages() throws IOException {
        lineFails("{\"messages\": [{\"role\": \"" + "b".repeat(100) + "\", \"content\": \"a\"}]}",
                "field \"messages\"[0].role: expected one of system, user, assistant, tool, got \"" + "b".repeat(35) + "...\"");
    }

    @Test
    void badPromptsAndCompletions() throws IOException {
        lineFails("{\"prompt\": 3, \"completion\": \"a\"}", "field \"prompt\": expected a string or a list of messages, got 3");
        lineFails("{\"prompt\": \"a\"}", "field \"completion\": expected a string, a non-empty list of segments"
                + " {\"text\": ..., \"train\": ...}, or a non-empty list of messages, got nothing (the field is missing)");
        lineFails("{\"completion\": \"a\"}", "field \"prompt\": expected a string or a list of messages, got nothing"
                + " (the field is missing)");
        lineFails("{\"prompt\": \"a\", \"completion\": []}", "field \"completion\": expected a string, a non-empty list of"
                + " segments {\"text\": ..., \"train\": ...}, or a non-empty list of messages, got an empty list");
        lineFails("{\"prompt\": \"a\", \"completion\": [{\"role\": \"assistant\", \"content\": \"b\"}]}",
                "field \"completion\": a list of messages as completion needs a list of messages as prompt, got a string"
                        + " prompt; give the completion as a string or as segments");
        lineFails("{\"prompt\": \"a\", \"completion\": [{\"foo\": 1}]}", "field \"completion\"[0]: expected a segment"
                + " {\"text\": ..., \"train\": ...} or a message {\"role\": ..., \"content\": ...}, got an object");
        lineFails("{\"prompt\": \"a\", \"completion\": [{\"text\": \"b\", \"train\": true}, {\"text\": \"c\"}]}",
                "field \"completion\"[1].train: expected true or false, got nothing (the field is missing)");
        lineFails("{\"prompt\": \"a\", \"completion\": [{\"text\": null, \"train\": true}]}",
                "field \"completion\"[0].text: expected a string, got null");
        lineFails("{\"prompt\": \"a\", \"completion\": [{\"text\": \"b\", \"train\": \"yes\"}]}",
                "field \"completion\"[0].train: expected true or false, got \"yes\"");
        lineFails("{\"prompt\": [{\"role\": \"user\", \"content\": \"a\"}], \"completion\": [{\"role\": \"helper\"}]}",
                "field \"completion\"[0].role: expected one of system, user, assistant, tool, got \"helper\"");
        lineFails("{\"text\": [\"a\"]}", "field \"text\": expected a string, got a list");
    }

    @Test
    void badPreTokenizedExamples() throws IOException {
        lineFails("{\"input_ids\": [1, 999]}", "field \"input_ids\"[1]: expected a token id in [0, 268), got 999");
        lineFails("{\"input_ids\": [1, -2]}", "field \"input_ids\"[1]: expected a token id in [0, 268), got -2");
        lineFails("{\"input_ids\": [1, 2.5]}", "field \"input_ids\"[1]: expected a token id in [0, 268), got 2.5");
        lineFails("{\"input_ids\": \"1 2\"}", "field \"input_ids\": expected a list of token ids in [0, 268), got \"1 2\"");
        lineFails("{\"input_ids\": []}", "field \"input_ids\": expected a non-empty list of token ids, got an empty list");
        lineFails("{\"input_ids\": [1, 2, 3], \"loss_mask\": [0, 1]}",
                "field \"loss_mask\": expected one flag per token of \"input_ids\" (3), got 2");
        lineFails("{\"input_ids\": [1, 2], \"loss_mask\": [0, 2]}", "field \"loss_mask\"[1]: expected 0 or 1, got 2");
        lineFails("{\"input_ids\": [1, 2], \"loss_mask\": [0, 1], \"completion_mask\": [0, 1]}",
                "give either \"loss_mask\" or \"completion_mask\", not both (they mean the same)");
        lineFails("{\"input_ids\": [1, 2], \"prompt_ids\": [1]}",
                "give either \"input_ids\" or \"prompt_ids\" and \"completion_ids\", not both");
        lineFails("{\"prompt_ids\": [1]}",
                "field \"completion_ids\": expected a list of token ids in [0, 268), got nothing (the field is missing)");
        lineFails("{\"prompt_ids\": [1], \"completion_ids\": []}",
                "field \"completion_ids\": expected a non-empty list of token ids, got an empty list");
    }

    @Test
    void theVocabularySizeCanBeGivenWithoutATokenizer() throws IOException {
        readingFails(null, SftReadOptions.DEFAULTS.withVocabSize(100), "{\"input_ids\": [1, 100]}\n")
                .hasMessage(file + ":1: field \"input_ids\"[1]: expected a token id in [0, 100), got 100");
        readingFails(null, SftReadOptions.DEFAULTS, "{\"input_ids\": [1, -1]}\n")
                .hasMessage(file + ":1: field \"input_ids\"[1]: expected a non-negative token id, got -1");
    }

    @Test
    void textNeedsATokenizerAndChatNeedsATemplate() throws IOException {
        readingFails(null, SftReadOptions.DEFAULTS, "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}\n")
                .hasMessage(file + ":1: field \"messages\": chat examples need the model's tokenizer and chat template,"
                        + " and none was given (the model directory has no tokenizer.json); pre-tokenized examples with"
                        + " \"input_ids\" need none");
        readingFails(null, SftReadOptions.DEFAULTS, "{\"text\": \"a\"}\n")
                .hasMessage(file + ":1: field \"text\": text examples need the model's tokenizer, and none was given (the"
                        + " model directory has no tokenizer.json); pre-tokenized examples with \"input_ids\" need none");

        Path model = TinyTokenizerFixture.write(dir.resolve("bare"));
        var config = TinyTokenizerFixture.tokenizerConfig();
        config.remove("chat_template");
        config.putNull("eos_token");
        Files.writeString(model.resolve("tokenizer_config.json"), config.toPrettyString());
        try (Tokenizer bare = Tokenizer.load(model)) {
            readingFails(bare, SftReadOptions.DEFAULTS, "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}\n")
                    .hasMessage(file + ":1: field \"messages\": the tokenizer has no chat template (chat_template in"
                            + " tokenizer_config.json, or chat_template.jinja), so messages cannot be rendered; give the"
                            + " prompt and completion as text instead");
            readingFails(bare, SftReadOptions.DEFAULTS, "{\"prompt\": \"a\", \"completion\": \"b\"}\n")
                    .hasMessage(file + ":1: field \"completion\": the tokenizer has no eos_token to end the completion"
                            + " with; set eos_token in tokenizer_config.json, or turn off appending EOS");
            assertThat(SftDataset.read(file, bare, SftReadOptions.DEFAULTS.withAppendEos(false)).size()).isEqualTo(1);
        }
    }

    @Test
    void aTemplateThatRaisesNamesTheLine() throws IOException {
        Path model = TinyTokenizerFixture.write(dir.resolve("strict"));
        var config = TinyTokenizerFixture.tokenizerConfig();
        config.put("chat_template", "{% if messages[0]['role'] != 'user' %}{{ raise_exception('first must be user') }}"
                + "{% endif %}{% for m in messages %}{{ m.content }}{% endfor %}");
        Files.writeString(model.resolve("tokenizer_config.json"), config.toPrettyString());
        try (Tokenizer strict = Tokenizer.load(model)) {
            readingFails(strict, SftReadOptions.DEFAULTS,
                    "{\"messages\": [{\"role\": \"system\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": \"b\"}]}\n")
                    .hasMessageStartingWith(file + ":1: field \"messages\": ")
                    .hasMessageEndingWith("the chat template refused the conversation: first must be user");
        }
    }

    @Test
    void theFirstBadLineIsShownAndTheOthersCounted() throws IOException {
        readingFails(tokenizer, SftReadOptions.DEFAULTS, "{\"text\": \"a\"}\n{\"text\": 1}\n{\"text\": 2}\n{}\n")
                .hasMessage(file + ":2: field \"text\": expected a string, got 1 (and 2 more bad lines)");
        readingFails(tokenizer, SftReadOptions.DEFAULTS, "{\"text\": 1}\n{\"text\": 2}\n")
                .hasMessage(file + ":1: field \"text\": expected a string, got 1 (and 1 more bad line)");
    }

    @Test
    void aFileWithNothingToTrainOn() throws IOException {
        readingFails(tokenizer, SftReadOptions.DEFAULTS.withAppendEos(false),
                "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}\n{\"prompt\": \"a\", \"completion\": \"\"}\n"
                        + "{\"input_ids\": [1, 2], \"loss_mask\": [1, 0]}\n")
                .hasMessage(file + ": none of its 3 examples has a token to train on (a conversation needs an assistant"
                        + " message, a completion some text or EOS, a loss mask a 1), e.g. " + file + ":1, " + file + ":2, "
                        + file + ":3");
    }

    @Test
    void templateVariablesMayNotSetWhatTheReaderSets() {
        assertThatThrownBy(() -> SftReadOptions.DEFAULTS.withTemplateVariables(Map.of("messages", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
