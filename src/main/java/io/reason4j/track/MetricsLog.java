package io.reason4j.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics as JSON lines, one record per logged step ({@code {"step": 10, "train/loss": 1.23, ...}}),
 * flushed as written so that a killed run keeps what it logged. A resumed run first drops the records
 * past the step it resumes from, so the file reads as one uninterrupted run. Optionally the same
 * scalars also go to a TensorBoard events file beside it ({@link TensorBoardWriter}).
 *
 * <p>A record may name its {@code "phase"}: {@code train} (also when absent) and {@code eval} are
 * points on the run's step axis; the records of any other phase (RL's {@code value_pretrain}, all
 * logged at step 0 before the first step) are a sequence of their own, and their metrics are named
 * {@code <phase>/<metric>} ({@link #seriesName}) so that they never mix with the same metric of training.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The phases whose records lie on the run's step axis. */
    public static final String TRAIN = "train", EVAL = "eval";
    private final Path file;
    private final BufferedWriter writer;
    private final TensorBoardWriter tensorBoard;

    private MetricsLog(Path file, BufferedWriter writer, TensorBoardWriter tensorBoard) {
        this.file = file;
        this.writer = writer;
        this.tensorBoard = tensorBoard;
    }

    /** Opens {@code file} for appending after keeping only the records with {@code step <= resumedStep}. */
    public static MetricsLog resume(Path file, long resumedStep) {
        return resume(file, resumedStep, false);
    }

    /**
     * As {@link #resume(Path, long)}; with {@code tensorBoard}, every record's numbers also go to a new
     * TensorBoard events file in the same directory (earlier ones cut back to {@code resumedStep}).
     */
    public static MetricsLog resume(Path file, long resumedStep, boolean tensorBoard) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                List<String> kept = new ArrayList<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) continue;
                    JsonNode record;
                    try {
                        record = JSON.readTree(line);
                    } catch (IOException e) {
                        break; // the last line of a killed run may be cut short
                    }
                    if (record.path("step").asLong(Long.MAX_VALUE) <= resumedStep) kept.add(line);
                }
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(tmp, kept, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new MetricsLog(file, writer, tensorBoard ? TensorBoardWriter.resume(file.toAbsolutePath().getParent(), resumedStep) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    public static ObjectNode record(long step) {
        return JSON.createObjectNode().put("step", step);
    }

    public void write(ObjectNode record) {
        try {
            writer.write(JSON.writeValueAsString(record));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics file " + file + ": " + e.getMessage(), e);
        }
        if (tensorBoard != null) tensorBoard.scalars(record.path("step").asLong(), scalars(record));
    }

    /** The phase of a record ({@link #TRAIN} when it names none). */
    public static String phase(JsonNode record) {
        JsonNode p = record.get("phase");
        return p != null && p.isTextual() ? p.asText() : TRAIN;
    }

    /** Whether the records of {@code phase} lie on the run's step axis. */
    public static boolean onStepAxis(String phase) {
        return phase.equals(TRAIN) || phase.equals(EVAL);
    }

    /** The name a metric is shown under: itself on the step axis, {@code <phase>/<metric>} otherwise. */
    public static String seriesName(String phase, String metric) {
        return onStepAxis(phase) ? metric : phase + "/" + metric;
    }

    /** The numeric fields of a record but its step, by {@link #seriesName}, in the record's order. */
    public static Map<String, Double> scalars(JsonNode record) {
        String phase = phase(record);
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : record.properties()) {
            if (e.getKey().equals("step") || !e.getValue().isNumber()) continue;
            out.put(seriesName(phase, e.getKey()), e.getValue().asDouble());
        }
        return out;
    }

    /** All records of a metrics file, for reports and tests. */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isBlank()) out.add(JSON.readTree(line));
        return out;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tensorBoard != null) tensorBoard.close();
        }
    }
}
