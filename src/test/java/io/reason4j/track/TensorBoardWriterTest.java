package io.reason4j.track;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.framework.Summary;
import org.tensorflow.util.Event;

/**
 * The events files are read back by code that shares nothing with the writer: the framing with
 * Guava's CRC32C (a table-driven implementation, not the JDK's), the events with TensorFlow's own
 * generated protobuf classes ({@code org.tensorflow:proto}, test scope).
 */
class TensorBoardWriterTest {
    @TempDir Path dir;

    /** A scalar as TensorBoard would show it. */
    record Scalar(long step, String tag, float value) {}

    /** Every event of a file, checking each record's framing on the way. */
    static List<Event> events(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> out = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] length = new byte[8];
            b.get(length);
            assertThat(b.getInt()).as("CRC of the length").isEqualTo(masked(length));
            byte[] data = new byte[(int) ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong()];
            b.get(data);
            assertThat(b.getInt()).as("CRC of the data").isEqualTo(masked(data));
            out.add(Event.parseFrom(data));
        }
        return out;
    }

    /** TensorFlow's mask (crc32c.h: rotate right 15, add 0xa282ead8) over Guava's CRC32C. */
    static int masked(byte[] data) {
        int crc = Hashing.crc32c().hashBytes(data).asInt();
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    static List<Scalar> scalars(List<Event> events) {
        List<Scalar> out = new ArrayList<>();
        for (Event e : events) {
            if (!e.hasSummary()) continue;
            for (Summary.Value v : e.getSummary().getValueList()) out.add(new Scalar(e.getStep(), v.getTag(), v.getSimpleValue()));
        }
        return out;
    }

    static List<Scalar> scalarsOfAllFiles(Path dir) throws IOException {
        List<Scalar> out = new ArrayList<>();
        for (Path f : TensorBoardWriter.eventFiles(dir)) out.addAll(scalars(events(f)));
        return out;
    }

    static ObjectNode train(long step) {
        return MetricsLog.record(step).put("phase", "train").put("reward/mean", step * 0.25).put("actor/entropy", 2.0 - step * 0.1);
    }

    @Test
    void theMaskedCrcMatchesTheBytesThatStartEveryTensorFlowEventsFile() {
        // A file-version event is 24 bytes, so every events file TensorFlow writes starts with
        // 18 00 00 00 00 00 00 00 followed by the masked CRC a3 7f 4b 22.
        byte[] first = TfRecords.frame(TensorBoardEvent.fileVersion(1.7e9));
        assertThat(HexFormat.of().formatHex(first, 0, 12)).isEqualTo("1800000000000000a37f4b22");
        assertThat(Hashing.crc32c().hashString("123456789", StandardCharsets.US_ASCII).asInt()).isEqualTo(0xe3069283);
    }

    @Test
    void everyNumberOfEveryRecordIsAScalarAtItsStep() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsLog log = MetricsLog.resume(file, 0, true)) {
            log.write(MetricsLog.record(0).put("phase", "value_pretrain").put("critic/value_loss", 0.5));
            log.write(MetricsLog.record(0).put("phase", "eval").put("eval/accuracy", 0.125));
            for (long s = 1; s <= 3; s++) log.write(train(s));
            log.write(MetricsLog.record(3).put("phase", "eval").put("eval/accuracy", 0.375).put("note", "text is not a scalar"));
        }
        List<Path> files = TensorBoardWriter.eventFiles(dir);
        assertThat(files).hasSize(1);
        assertThat(files.getFirst().getFileName().toString()).startsWith("events.out.tfevents.");
        List<Event> events = events(files.getFirst());
        assertThat(events.getFirst().getFileVersion()).isEqualTo("brain.Event:2");
        assertThat(events.getFirst().getWallTime()).isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));
        assertThat(events).hasSize(1 + 6);
        assertThat(scalars(events)).containsExactly(
                new Scalar(0, "value_pretrain/critic/value_loss", 0.5f),
                new Scalar(0, "eval/accuracy", 0.125f),
                new Scalar(1, "reward/mean", 0.25f), new Scalar(1, "actor/entropy", 1.9f),
                new Scalar(2, "reward/mean", 0.5f), new Scalar(2, "actor/entropy", 1.8f),
                new Scalar(3, "reward/mean", 0.75f), new Scalar(3, "actor/entropy", 1.7f),
                new Scalar(3, "eval/accuracy", 0.375f));
        // The JSONL file is as it always was.
        assertThat(MetricsLog.read(file)).hasSize(6);
    }

    @Test
    void aResumedRunAddsAFileAndCutsTheEarlierOnesBackToTheResumedStep() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsLog log = MetricsLog.resume(file, 0, true)) {
            for (long s = 1; s <= 5; s++) log.write(train(s));
        }
        // Killed mid-write: the last record is cut short as well.
        Path first = TensorBoardWriter.eventFiles(dir).getFirst();
        byte[] bytes = Files.readAllBytes(first);
        Files.write(first, java.util.Arrays.copyOf(bytes, bytes.length - 7));

        try (MetricsLog log = MetricsLog.resume(file, 3, true)) {
            for (long s = 4; s <= 6; s++) log.write(train(s));
        }
        List<Path> files = TensorBoardWriter.eventFiles(dir);
        assertThat(files).hasSize(2);
        assertThat(events(files.get(0)).getFirst().getFileVersion()).isEqualTo("brain.Event:2");
        assertThat(events(files.get(1)).getFirst().getFileVersion()).isEqualTo("brain.Event:2");
        List<Scalar> all = scalarsOfAllFiles(dir);
        Map<Long, Float> rewards = new LinkedHashMap<>();
        for (Scalar s : all) if (s.tag().equals("reward/mean")) assertThat(rewards.put(s.step(), s.value())).as("step %d once", s.step()).isNull();
        assertThat(rewards).containsExactly(Map.entry(1L, 0.25f), Map.entry(2L, 0.5f), Map.entry(3L, 0.75f), Map.entry(4L, 1.0f),
                Map.entry(5L, 1.25f), Map.entry(6L, 1.5f));
        assertThat(MetricsLog.read(file)).extracting(r -> r.get("step").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void withoutTheOptionNoEventsFileIsWritten() throws IOException {
        try (MetricsLog log = MetricsLog.resume(dir.resolve("metrics.jsonl"), 0)) {
            log.write(train(1));
        }
        assertThat(TensorBoardWriter.eventFiles(dir)).isEmpty();
    }

    @Test
    void largeStepsAndNegativeStepsRoundTripThroughTheVarint() throws IOException {
        Path events = dir.resolve("events.out.tfevents.0.test");
        List<byte[]> records = List.of(TensorBoardEvent.fileVersion(0), TensorBoardEvent.scalars(1, 1L << 40, Map.of("a", 1.0)),
                TensorBoardEvent.scalars(2, -3, Map.of("b", -2.5)));
        try (var out = Files.newOutputStream(events)) {
            for (byte[] r : records) out.write(TfRecords.frame(r));
        }
        assertThat(scalars(events(events))).containsExactly(new Scalar(1L << 40, "a", 1f), new Scalar(-3, "b", -2.5f));
        for (byte[] r : records) assertThat(TensorBoardEvent.step(r)).isEqualTo(Event.parseFrom(r).getStep());
    }
}
