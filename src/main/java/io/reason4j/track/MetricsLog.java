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
import java.util.List;

/**
 * Metrics as JSON lines, one record per logged step ({@code {"step": 10, "train/loss": 1.23, ...}}),
 * flushed as written so that a killed run keeps what it logged. A resumed run first drops the records
 * past the step it resumes from, so the file reads as one uninterrupted run.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final BufferedWriter writer;

    private MetricsLog(Path file, BufferedWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    /** Opens {@code file} for appending after keeping only the records with {@code step <= resumedStep}. */
    public static MetricsLog resume(Path file, long resumedStep) {
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
            return new MetricsLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
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
        }
    }
}
