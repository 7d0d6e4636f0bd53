package io.reason4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.model.AtomicFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluation's per-problem results, {@code results.jsonl} in its output directory, written one
 * problem at a time and flushed, so that an interrupted evaluation continues where it stopped: the
 * problems already in the file are not sampled again. {@code eval_config.json} beside it holds the
 * settings that drew the samples; resuming with different settings is refused rather than mixing
 * two evaluations in one file.
 */
public final class ResultsFile implements AutoCloseable {
    public static final String RESULTS = "results.jsonl";
    public static final String SETTINGS = "eval_config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, ProblemResult> done;
    private final BufferedWriter writer;

    private ResultsFile(Path file, Map<String, ProblemResult> done, BufferedWriter writer) {
        this.file = file;
        this.done = done;
        this.writer = writer;
    }

    /**
     * Opens the results in {@code dir}: with {@code resume}, keeps those of an earlier run with the
     * same settings; without, starts over.
     */
    public static ResultsFile open(Path dir, ObjectNode settings, boolean resume) {
        Path file = dir.resolve(RESULTS), settingsFile = dir.resolve(SETTINGS);
        try {
            Files.createDirectories(dir);
            Map<String, ProblemResult> done = new LinkedHashMap<>();
            if (resume && Files.exists(file)) {
                if (Files.exists(settingsFile)) checkSame(settingsFile, settings);
                done = read(file, true);
            } else {
                Files.deleteIfExists(file);
            }
            AtomicFile.writeJson(settingsFile, settings);
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new ResultsFile(file, done, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the results in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a results file. With {@code dropCutLine}, a last line cut short by an interruption is
     * dropped from the file (that problem is sampled again); any other bad line is an error naming it.
     */
    public static Map<String, ProblemResult> read(Path file, boolean dropCutLine) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, ProblemResult> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                ProblemResult r = JSON.readValue(line, ProblemResult.class);
                if (r.id() == null || r.samples() == null) throw new IOException("a result needs \"id\" and \"samples\"");
                out.put(r.id(), r);
            } catch (IOException | RuntimeException e) {
                if (dropCutLine && i == lines.size() - 1) {
                    List<String> kept = new ArrayList<>(lines.subList(0, i));
                    AtomicFile.write(file, (String.join("\n", kept) + (kept.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
                    break;
                }
                throw new EvaluationException(file + ":" + (i + 1) + ": not a per-problem result (" + firstLine(e.getMessage()) + ")");
            }
        }
        return out;
    }

    private static void checkSame(Path settingsFile, ObjectNode given) throws IOException {
        JsonNode before = JSON.readTree(settingsFile.toFile());
        JsonNode settings = JSON.readTree(JSON.writeValueAsString(given)); // as read back: numbers in their smallest node type
        for (Iterator<String> names = settings.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!settings.get(name).equals(before.get(name))) {
                throw new EvaluationException(settingsFile.getParent() + " holds results of another evaluation (" + name + " was "
                        + before.get(name) + ", now " + settings.get(name) + "); pass --no-resume to start over, or another --out");
            }
        }
        for (Iterator<String> names = before.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!settings.has(name)) {
                throw new EvaluationException(settingsFile.getParent() + " holds results of another evaluation (it had " + name + " "
                        + before.get(name) + "); pass --no-resume to start over, or another --out");
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public boolean isDone(String id) {
        return done.containsKey(id);
    }

    public ProblemResult get(String id) {
        return done.get(id);
    }

    /** The results so far, in the order they were written. */
    public List<ProblemResult> results() {
        return List.copyOf(done.values());
    }

    public void append(ProblemResult result) {
        try {
            writer.write(JSON.writeValueAsString(result));
            writer.newLine();
            writer.flush();
            done.put(result.id(), result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
