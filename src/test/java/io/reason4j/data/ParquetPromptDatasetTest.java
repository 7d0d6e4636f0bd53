package io.reason4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.reason4j.text.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RL prompt datasets from Parquet, as verl's preprocessing scripts write them with pyarrow. */
class ParquetPromptDatasetTest {

    @TempDir
    Path dir;

    private static final String ROLES = "expected one of system, user, assistant, tool";

    @Test
    void readsAFileFromAnIndependentWriter() throws IOException {
        // Written by hyparquet-writer (JavaScript): snappy, data page v2; see scripts/fixtures/verl-parquet.mjs.
        Path file = dir.resolve("verl-gsm8k.parquet");
        try (InputStream in = getClass().getResourceAsStream("/data/verl-gsm8k.parquet")) {
            Files.copy(in, file);
        }
        PromptDataset data = PromptDataset.read(file);
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.examples()).extracting(PromptExample::id)
                .containsExactly("verl-gsm8k.parquet:row 0", "verl-gsm8k.parquet:row 1", "verl-gsm8k.parquet:row 2");
        assertThat(data.examples()).extracting(PromptExample::groundTruth).containsExactly("72", "10", "5");
        PromptExample first = data.get(0);
        String question = "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May."
                + " How many clips did Natalia sell altogether in April and May?";
        assertThat(first.prompt()).containsExactly(ChatMessage.user(question
                + " Let's think step by step and output the final answer after \"####\"."));
        assertThat(first.dataSource()).isEqualTo("openai/gsm8k");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("answer", "... #### 72");
        extra.put("index", 0L);
        extra.put("question", question);
        extra.put("split", "train");
        extra.put("ability", "math");
        assertThat(first.extraInfo()).containsExactlyEntriesOf(extra);
        assertThat(data.get(2).extraInfo()).containsEntry("index", 2L);
    }

    @ParameterizedTest
    @EnumSource(names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP"})
    void everyCodecAndRowGroup(CompressionCodecName codec) {
        List<Consumer<Group>> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            rows.add(ParquetTestFiles.verlRow("What is " + i + " + 0?", Integer.toString(i), i));
        }
        // 1000 rows a row group: three row groups, the last one short
        Path file = ParquetTestFiles.write(dir.resolve("train.parquet"), ParquetTestFiles.VERL, codec, 1000, rows);
        PromptDataset data = PromptDataset.read(file);
        assertThat(data.size()).isEqualTo(2500);
        for (int i : new int[] {0, 999, 1000, 2499}) {
            PromptExample e = data.get(i);
            assertThat(e.id()).isEqualTo("train.parquet:row " + i);
            assertThat(e.groundTruth()).isEqualTo(Integer.toString(i));
            assertThat(e.prompt()).containsExactly(ChatMessage.user("What is " + i + " + 0?"));
            assertThat(e.extraInfo()).containsEntry("index", (long) i).containsEntry("split", "train");
        }
    }

    @Test
    void simpleFormWithNumericAnswers() {
        MessageType schema = MessageTypeParser.parseMessageType("""
                message schema {
                  optional binary prompt (STRING);
                  optional double ground_truth;
                  optional int64 answer;
                  optional binary solution (STRING);
                }
                """);
        Path file = ParquetTestFiles.write(dir.resolve("math.parquet"), schema, List.of(
                row -> row.append("prompt", "a").append("ground_truth", 0.5).append("answer", 1L),
                row -> row.append("prompt", "b").append("ground_truth", 72.0),
                row -> row.append("prompt", "c").append("answer", 72L).append("solution", "s"),
                row -> row.append("prompt", "d").append("solution", "\\frac{1}{2}")));
        PromptDataset data = PromptDataset.read(file);
        assertThat(data.examples()).extracting(PromptExample::groundTruth).containsExactly("0.5", "72", "72", "\\frac{1}{2}");
        assertThat(data.get(0).prompt()).containsExactly(ChatMessage.user("a"));
        assertThat(data.get(0).dataSource()).isEqualTo("math");
    }

    @Test
    void messagesWithDifferentKeysAndRowsWithoutRewardModel() {
        // pyarrow gives every message of the column every key any message has, null where it lacks it.
        MessageType schema = MessageTypeParser.parseMessageType("""
                message schema {
                  optional group prompt (LIST) {
                    repeated group list {
                      optional group element {
                        optional binary content (STRING);
                        optional binary name (STRING);
                        optional binary role (STRING);
                      }
                    }
                  }
                  optional group reward_model {
                    optional binary ground_truth (STRING);
                  }
                  optional binary answer (STRING);
                }
                """);
        Path file = ParquetTestFiles.write(dir.resolve("chat.parquet"), schema, List.of(row -> {
            Group prompt = row.addGroup("prompt");
            prompt.addGroup("list").addGroup("element").append("content", "Be brief.").append("role", "system");
            prompt.addGroup("list").addGroup("element").append("content", "hi").append("name", "ann").append("role", "user");
            row.append("answer", "a");
        }));
        PromptExample e = PromptDataset.read(file).get(0);
        assertThat(e.prompt()).containsExactly(ChatMessage.system("Be brief."),
                new ChatMessage("user", "hi", Map.of("name", "ann")));
        assertThat(e.groundTruth()).isEqualTo("a");
    }

    @Test
    void extraInfoKeepsListsMapsAndDecimals() {
        MessageType schema = MessageTypeParser.parseMessageType("""
                message schema {
                  optional binary prompt (STRING);
                  optional binary answer (STRING);
                  optional group extra_info {
                    optional group tags (LIST) {
                      repeated group list {
                        optional binary element (STRING);
                      }
                    }
                    optional group scores (MAP) {
                      repeated group key_value {
                        required binary key (STRING);
                        optional double value;
                      }
                    }
                    optional int64 price (DECIMAL(10, 2));
                    optional boolean hard;
                    optional float weight;
                    optional binary unused (STRING);
                  }
                  optional binary ignored_column (STRING);
                }
                """);
        Path file = ParquetTestFiles.write(dir.resolve("meta.parquet"), schema, List.of(row -> {
            row.append("prompt", "q").append("answer", "1").append("ignored_column", "x");
            Group extra = row.addGroup("extra_info");
            Group tags = extra.addGroup("tags");
            tags.addGroup("list").append("element", "algebra");
            tags.addGroup("list"); // a null element
            extra.addGroup("scores").addGroup("key_value").append("key", "easy").append("value", 0.25);
            extra.append("price", 1234L).append("hard", true).append("weight", 0.1f);
        }));
        Map<String, Object> extra = PromptDataset.read(file).get(0).extraInfo();
        assertThat(extra.get("tags")).isEqualTo(Arrays.asList("algebra", null));
        assertThat(extra.get("scores")).isEqualTo(Map.of("easy", 0.25));
        assertThat(extra.get("price")).isEqualTo(new BigDecimal("12.34").doubleValue());
        assertThat(extra.get("hard")).isEqualTo(true);
        assertThat((Double) extra.get("weight")).isCloseTo(0.1, offset(1e-7));
        assertThat(extra).containsKey("unused").containsEntry("unused", null).doesNotContainKey("ignored_column");
    }

    @Test
    void legacyTwoLevelLists() {
        // Older writers (parquet-avro, Spark before 3) repeat the element itself.
        MessageType schema = MessageTypeParser.parseMessageType("""
                message schema {
                  optional group prompt (LIST) {
                    repeated group array {
                      optional binary content (STRING);
                      optional binary role (STRING);
                    }
                  }
                  optional binary answer (STRING);
                }
                """);
        Path file = ParquetTestFiles.write(dir.resolve("old.parquet"), schema, List.of(row -> {
            row.addGroup("prompt").addGroup("array").append("content", "hi").append("role", "user");
            row.append("answer", "1");
        }));
        assertThat(PromptDataset.read(file).get(0).prompt()).containsExactly(ChatMessage.user("hi"));
    }

    @Test
    void badRowsNameTheRowAndTheField() {
        List<Consumer<Group>> rows = new ArrayList<>();
        rows.add(ParquetTestFiles.verlRow("q", "1", 0));
        rows.add(row -> {
            row.addGroup("prompt").addGroup("list").addGroup("element").append("content", "q").append("role", "bot");
            row.addGroup("reward_model").append("ground_truth", "1");
        });
        rows.add(row -> row.addGroup("prompt").addGroup("list").addGroup("element").append("content", "q").append("role", "user"));
        rows.add(row -> {
            row.addGroup("prompt").addGroup("list").addGroup("element").append("role", "user");
            row.addGroup("reward_model").append("ground_truth", "1");
        });
        Path file = ParquetTestFiles.write(dir.resolve("bad.parquet"), ParquetTestFiles.VERL, rows);
        assertThatThrownBy(() -> PromptDataset.read(file)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(file + ": row 1: field \"prompt\"[0].role: " + ROLES + ", got \"bot\" (and 2 more bad rows)");

        Path third = ParquetTestFiles.write(dir.resolve("bad.parquet"), ParquetTestFiles.VERL, List.of(rows.get(0), rows.get(2)));
        assertThatThrownBy(() -> PromptDataset.read(third)).hasMessage(third + ": row 1: no reference answer: expected"
                + " \"reward_model\": {\"ground_truth\": ...} or one of the fields \"ground_truth\", \"answer\", \"solution\";"
                + " got the fields \"prompt\"");
        Path fourth = ParquetTestFiles.write(dir.resolve("bad.parquet"), ParquetTestFiles.VERL, List.of(rows.get(3)));
        assertThatThrownBy(() -> PromptDataset.read(fourth))
                .hasMessage(fourth + ": row 0: field \"prompt\"[0].content: expected a string, got null");
    }

    @Test
    void missingColumns() {
        MessageType noPrompt = MessageTypeParser.parseMessageType(
                "message schema { optional binary question (STRING); optional binary answer (STRING); }");
        Path a = ParquetTestFiles.write(dir.resolve("a.parquet"), noPrompt, List.of(row -> row.append("question", "q")));
        assertThatThrownBy(() -> PromptDataset.read(a)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(a + ": no column \"prompt\" (the messages, or the question as a string); its columns are"
                        + " \"question\", \"answer\"");
        MessageType noAnswer = MessageTypeParser.parseMessageType(
                "message schema { optional binary prompt (STRING); optional binary label (STRING); }");
        Path b = ParquetTestFiles.write(dir.resolve("b.parquet"), noAnswer, List.of(row -> row.append("prompt", "q")));
        assertThatThrownBy(() -> PromptDataset.read(b)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(b + ": no column with the reference answer: expected \"reward_model\" (a struct with"
                        + " \"ground_truth\") or one of \"ground_truth\", \"answer\", \"solution\"; its columns are"
                        + " \"prompt\", \"label\"");
        Path empty = ParquetTestFiles.write(dir.resolve("empty.parquet"), ParquetTestFiles.VERL, List.of());
        assertThatThrownBy(() -> PromptDataset.read(empty)).hasMessage(empty + ": no examples: the file has no rows");
    }

    @Test
    void filesThatAreNotParquet() throws IOException {
        Path jsonl = dir.resolve("train.parquet");
        Files.writeString(jsonl, "{\"prompt\": \"q\", \"answer\": \"1\"}\n");
        assertThatThrownBy(() -> PromptDataset.read(jsonl)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(jsonl + ": not a Parquet file (a Parquet file starts and ends with the bytes \"PAR1\"; it looks"
                        + " like JSON: name a JSON lines file .jsonl)");
        Path empty = dir.resolve("empty.parquet");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> PromptDataset.read(empty)).hasMessage(empty + ": not a Parquet file (it is empty)");

        Path whole = ParquetTestFiles.write(dir.resolve("whole.parquet"), ParquetTestFiles.VERL,
                List.of(ParquetTestFiles.verlRow("q", "1", 0)));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> PromptDataset.read(cut)).hasMessage(cut + ": not a Parquet file (a Parquet file starts"
                + " and ends with the bytes \"PAR1\"; it starts like one but its end is missing: the file may be cut short)");

        Path missing = dir.resolve("nope.parquet");
        assertThatThrownBy(() -> PromptDataset.read(missing)).hasMessage("file not found: " + missing);

        // the right magic bytes around garbage: parquet-java's own message, after ours
        byte[] garbage = new byte[64];
        System.arraycopy("PAR1".getBytes(), 0, garbage, 0, 4);
        System.arraycopy("PAR1".getBytes(), 0, garbage, 60, 4);
        Path corrupt = Files.write(dir.resolve("corrupt.parquet"), garbage);
        assertThatThrownBy(() -> PromptDataset.read(corrupt)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(corrupt + ": cannot read the Parquet footer: ");
    }

    @Test
    void codecsWeCannotReadAreRefusedUpFront() {
        Path file = ParquetTestFiles.write(dir.resolve("lz4.parquet"), ParquetTestFiles.VERL, CompressionCodecName.LZ4_RAW,
                1000, List.of(ParquetTestFiles.verlRow("q", "1", 0)));
        assertThatThrownBy(() -> PromptDataset.read(file)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(file + ": column \"data_source\" is compressed with LZ4_RAW, which reason4j cannot read;"
                        + " expected snappy, zstd, gzip or none (rewrite it with pyarrow:"
                        + " pq.write_table(pq.read_table(src), dst, compression=\"zstd\"))");
    }

    @Test
    void hadoopIsNotOnTheClassPath() {
        // The reader and the test writer run without Hadoop; this test keeps it that way.
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void splitAndEpochsWorkAsForJsonLines() {
        List<Consumer<Group>> rows = IntStream.range(0, 30)
                .mapToObj(i -> ParquetTestFiles.verlRow("q" + i, Integer.toString(i), i)).toList();
        PromptDataset data = PromptDataset.read(ParquetTestFiles.write(dir.resolve("t.parquet"), ParquetTestFiles.VERL, rows));
        PromptSplit split = data.split(HeldOut.fraction(0.1), 1);
        assertThat(split.eval().size()).isEqualTo(3);
        assertThat(split.train().size()).isEqualTo(27);
        assertThat(data.epoch(1, 0)).containsExactlyInAnyOrderElementsOf(data.examples());
    }

    @Test
    void textIsUtf8() {
        // Strings are decoded as UTF-8, not the platform charset.
        MessageType schema = MessageTypeParser.parseMessageType(
                "message schema { optional binary prompt (STRING); optional binary answer; }");
        Path file = ParquetTestFiles.write(dir.resolve("u.parquet"), schema, List.of(
                row -> row.append("prompt", "Что такое π?").append("answer", Binary.fromString("√2"))));
        PromptExample e = PromptDataset.read(file).get(0);
        assertThat(e.prompt()).containsExactly(ChatMessage.user("Что такое π?"));
        assertThat(e.groundTruth()).isEqualTo("√2");
    }
}
