package io.reason4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reason4j.text.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RL prompt datasets from JSON lines: verl's schema, the simple forms, every error, splits and epochs. */
class PromptDatasetTest {

    @TempDir
    Path dir;
    Path file;

    private PromptDataset read(String... lines) throws IOException {
        file = dir.resolve("train.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return PromptDataset.read(file);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> fails(String... lines) throws IOException {
        file = dir.resolve("train.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return assertThatThrownBy(() -> PromptDataset.read(file))
                .isInstanceOf(DatasetFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void verlSchema() throws IOException {
        PromptDataset data = read("{\"data_source\": \"openai/gsm8k\", \"prompt\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
                + " {\"role\": \"user\", \"content\": \"What is 8 * 9?\"}], \"ability\": \"math\", \"reward_model\":"
                + " {\"style\": \"rule\", \"ground_truth\": \"72\"}, \"extra_info\": {\"split\": \"train\", \"index\": 0,"
                + " \"note\": null}}");
        assertThat(data.size()).isEqualTo(1);
        assertThat(data.name()).isEqualTo(file.toString());
        PromptExample e = data.get(0);
        assertThat(e.id()).isEqualTo("train.jsonl:1");
        assertThat(e.prompt()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("What is 8 * 9?"));
        assertThat(e.groundTruth()).isEqualTo("72");
        assertThat(e.dataSource()).isEqualTo("openai/gsm8k");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("split", "train");
        extra.put("index", 0L);
        extra.put("note", null);
        extra.put("ability", "math");
        assertThat(e.extraInfo()).containsExactlyEntriesOf(extra);
    }

    @Test
    void simpleForms() throws IOException {
        PromptDataset data = read(
                "{\"prompt\": \"What is 8 * 9?\", \"answer\": \"72\"}",
                "{\"prompt\": \"q\", \"ground_truth\": 72}",
                "{\"prompt\": \"q\", \"ground_truth\": 72.0}",
                "{\"prompt\": \"q\", \"ground_truth\": 0.5}",
                "{\"prompt\": \"q\", \"ground_truth\": 1e-5}",
                "{\"prompt\": \"q\", \"ground_truth\": 12345678901234567890}",
                "{\"prompt\": \"q\", \"solution\": \"\\\\frac{1}{2}\"}",
                // the first of ground_truth, answer, solution; reward_model before all of them
                "{\"prompt\": \"q\", \"solution\": \"s\", \"answer\": \"a\", \"ground_truth\": \"g\"}",
                "{\"prompt\": \"q\", \"solution\": \"s\", \"answer\": \"a\"}",
                "{\"prompt\": \"q\", \"answer\": \"a\", \"reward_model\": {\"ground_truth\": \"r\"}}",
                // null is absent: the next field is used
                "{\"prompt\": \"q\", \"reward_model\": null, \"ground_truth\": null, \"answer\": \"a\"}");
        assertThat(data.get(0).prompt()).containsExactly(ChatMessage.user("What is 8 * 9?"));
        assertThat(data.get(0).dataSource()).isEqualTo("train");
        assertThat(data.get(0).extraInfo()).isEmpty();
        assertThat(data.examples()).extracting(PromptExample::groundTruth).containsExactly(
                "72", "72", "72", "0.5", "0.00001", "12345678901234567890", "\\frac{1}{2}", "g", "a", "r", "a");
        assertThat(data.examples()).extracting(PromptExample::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 11).mapToObj(i -> "train.jsonl:" + i).toList());
    }

    @Test
    void messagesKeepTheirOtherFieldsButNotNullOnes() throws IOException {
        PromptDataset data = read("{\"prompt\": [{\"role\": \"user\", \"content\": \"hi\", \"name\": \"ann\", \"tool_calls\": null}],"
                + " \"answer\": \"x\"}");
        assertThat(data.get(0).prompt()).containsExactly(new ChatMessage("user", "hi", Map.of("name", "ann")));
    }

    @Test
    void blankLinesAndJsonExtension() throws IOException {
        file = dir.resolve("test.json");
        Files.writeString(file, "\n{\"prompt\": \"q\", \"answer\": \"1\"}\n\n{\"prompt\": \"r\", \"answer\": \"2\"}\n");
        PromptDataset data = PromptDataset.read(file);
        assertThat(data.examples()).extracting(PromptExample::id).containsExactly("test.json:2", "test.json:4");
        assertThat(data.get(0).dataSource()).isEqualTo("test");
    }

    @Test
    void fieldErrors() throws IOException {
        fails("{\"prompt\": [{\"role\": \"bot\", \"content\": \"hi\"}], \"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"prompt\"[0].role: expected one of system, user, assistant, tool, got \"bot\"");
        fails("{\"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"prompt\": expected a string or a non-empty list of messages {\"role\": ...,"
                        + " \"content\": ...}, got nothing (the field is missing)");
        fails("{\"prompt\": [], \"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"prompt\": expected a string or a non-empty list of messages {\"role\": ...,"
                        + " \"content\": ...}, got an empty list");
        fails("{\"prompt\": \" \", \"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"prompt\": expected a non-empty string, got \" \"");
        fails("{\"prompt\": [\"hi\"], \"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"prompt\"[0]: expected a message {\"role\": ..., \"content\": ...}, got \"hi\"");
        fails("{\"prompt\": [{\"role\": \"user\", \"content\": null}], \"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"prompt\"[0].content: expected a string, got null");
        fails("{\"prompt\": \"q\", \"data_source\": 3, \"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"data_source\": expected a string, got 3");
        fails("{\"prompt\": \"q\", \"ability\": [], \"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"ability\": expected a string, got an empty list");
        fails("{\"prompt\": \"q\", \"extra_info\": \"x\", \"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"extra_info\": expected an object, got \"x\"");
        fails("{\"prompt\": \"q\", \"answer\": \"1\"}", "[1, 2]").hasMessage(file + ":2: expected a JSON object, got a list");
    }

    @Test
    void groundTruthErrors() throws IOException {
        fails("{\"prompt\": \"q\", \"data_source\": \"d\"}")
                .hasMessage(file + ":1: no reference answer: expected \"reward_model\": {\"ground_truth\": ...} or one of the"
                        + " fields \"ground_truth\", \"answer\", \"solution\"; got the fields \"prompt\", \"data_source\"");
        fails("{\"prompt\": \"q\", \"reward_model\": {\"style\": \"rule\"}, \"answer\": \"1\"}")
                .hasMessage(file + ":1: field \"reward_model\".ground_truth: expected a non-empty string or a number, got"
                        + " nothing (the field is missing)");
        fails("{\"prompt\": \"q\", \"reward_model\": \"72\"}")
                .hasMessage(file + ":1: field \"reward_model\": expected an object {\"ground_truth\": ..., \"style\": ...}, got \"72\"");
        fails("{\"prompt\": \"q\", \"answer\": [\"1\", \"2\"]}")
                .hasMessage(file + ":1: field \"answer\": expected a non-empty string or a number, got a list");
        fails("{\"prompt\": \"q\", \"ground_truth\": \"\"}")
                .hasMessage(file + ":1: field \"ground_truth\": expected a non-empty string or a number, got \"\"");
        fails("{\"prompt\": \"q\", \"ground_truth\": true}")
                .hasMessage(file + ":1: field \"ground_truth\": expected a non-empty string or a number, got true");
    }

    @Test
    void everyLineIsCheckedAndTheFirstBadOneShown() throws IOException {
        fails("{\"prompt\": \"q\", \"answer\": \"1\"}",
                "{\"prompt\": \"q\"}",
                "{\"prompt\": 3, \"answer\": \"1\"}",
                "{\"prompt\": \"q\", \"answer\": \"1\"",
                "{\"prompt\": \"q\", \"answer\": \"1\"}")
                .hasMessageStartingWith(file + ":2: no reference answer")
                .hasMessageEndingWith("(and 2 more bad lines)");
        fails("{\"prompt\": \"q\"}", "{\"prompt\": \"q\"}").hasMessageEndingWith("(and 1 more bad line)");
    }

    @Test
    void fileErrors() throws IOException {
        Path missing = dir.resolve("nope.jsonl");
        assertThatThrownBy(() -> PromptDataset.read(missing)).hasMessage("file not found: " + missing);
        fails("").hasMessage(file + ": no examples: the file is blank (1 blank lines)");
        fails("{\"prompt\": \"q\", \"answer\": }")
                .hasMessageStartingWith(file + ":1: invalid JSON at column 27: Unexpected character ('}'");
        Path csv = dir.resolve("train.csv");
        Files.writeString(csv, "prompt,answer\n");
        assertThatThrownBy(() -> PromptDataset.read(csv)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(csv + ": unknown dataset format: expected a file named .jsonl or .json (JSON lines, one object"
                        + " per line) or .parquet");
    }

    @Test
    void aJsonArrayGetsAHint() throws IOException {
        Path json = dir.resolve("train.json");
        Files.writeString(json, "[\n  {\"prompt\": \"q\", \"answer\": \"1\"}\n]\n");
        assertThatThrownBy(() -> PromptDataset.read(json)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(json + ":1: a JSON array; expected JSON lines, one object per line (jq -c '.[]' train.json"
                        + " writes them)");
    }

    private PromptDataset numbered(int n) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add("{\"prompt\": \"q" + i + "\", \"answer\": \"" + i + "\"}");
        }
        return read(lines.toArray(String[]::new));
    }

    @Test
    void heldOutSplitIsSeededDisjointAndInFileOrder() throws IOException {
        PromptDataset data = numbered(20);
        PromptSplit split = data.split(HeldOut.count(5), 7);
        assertThat(split.eval().size()).isEqualTo(5);
        assertThat(split.train().size()).isEqualTo(15);
        List<PromptExample> all = new ArrayList<>(split.train().examples());
        all.addAll(split.eval().examples());
        assertThat(all).containsExactlyInAnyOrderElementsOf(data.examples());
        assertThat(split.eval().examples()).isSortedAccordingTo((a, b) -> Integer.compare(
                data.examples().indexOf(a), data.examples().indexOf(b)));
        assertThat(data.split(HeldOut.count(5), 7).eval().examples()).isEqualTo(split.eval().examples());
        assertThat(data.split(HeldOut.count(5), 8).eval().examples()).isNotEqualTo(split.eval().examples());
        assertThat(data.split(HeldOut.fraction(0.1), 7).eval().size()).isEqualTo(2);
        assertThatThrownBy(() -> data.split(HeldOut.count(20), 7)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(file + ": cannot hold out 20 examples (20 of 20 examples) for evaluation: nothing would be"
                        + " left to train on");
    }

    @Test
    void epochsAreSeededShufflesAndResumable() throws IOException {
        PromptDataset data = numbered(10);
        List<PromptExample> e0 = data.epoch(3, 0);
        assertThat(e0).containsExactlyInAnyOrderElementsOf(data.examples()).isNotEqualTo(data.examples());
        assertThat(data.epoch(3, 0)).isEqualTo(e0);
        assertThat(data.epoch(3, 1)).isNotEqualTo(e0);
        assertThat(data.epoch(4, 0)).isNotEqualTo(e0);

        Iterator<PromptExample> it = data.shuffled(3, 0);
        List<PromptExample> first25 = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            first25.add(it.next());
        }
        List<PromptExample> expected = new ArrayList<>(e0);
        expected.addAll(data.epoch(3, 1));
        expected.addAll(data.epoch(3, 2).subList(0, 5));
        assertThat(first25).isEqualTo(expected);
        // resuming after 13 prompts continues where an uninterrupted run would be
        Iterator<PromptExample> resumed = data.shuffled(3, 13);
        for (int i = 13; i < 25; i++) {
            assertThat(resumed.next()).isEqualTo(first25.get(i));
        }
        assertThat(new HashSet<>(first25.subList(0, 10))).hasSize(10);
    }

    @Test
    void inMemory() {
        PromptExample e = new PromptExample("a", List.of(ChatMessage.user("q")), "1", "task", Map.of());
        assertThat(PromptDataset.of("task", List.of(e)).examples()).containsExactly(e);
        assertThatThrownBy(() -> PromptDataset.of("task", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
