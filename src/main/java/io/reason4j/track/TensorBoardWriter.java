package io.reason4j.track;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scalars as a TensorBoard events file ({@code events.out.tfevents.<seconds>.<host>.<pid>.<n>}, the
 * name TensorBoard's loader looks for), so that {@code tensorboard --logdir RUN_DIR} shows a run as
 * it trains. Each session writes a new file, as TensorFlow and PyTorch writers do; a resumed session
 * first cuts the earlier files back to the records at or before the step it resumes from (and drops
 * a record cut short by a kill), so the files together read as one uninterrupted run, as
 * {@link MetricsLog} does for {@code metrics.jsonl}. Every record is flushed as written.
 */
public final class TensorBoardWriter implements AutoCloseable {
    /** What every events file's name contains (TensorBoard's {@code io_wrapper.IsSummaryEventsFile}). */
    public static final String FILE_MARKER = "tfevents";

    private final Path file;
    private final OutputStream out;

    private TensorBoardWriter(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** Opens a new events file in {@code dir} after cutting earlier ones back to {@code step <= resumedStep}. */
    public static TensorBoardWriter resume(Path dir, long resumedStep) {
        try {
            Files.createDirectories(dir);
            for (Path earlier : eventFiles(dir)) cutBack(earlier, resumedStep);
            Path file = newFileName(dir);
            TensorBoardWriter w = new TensorBoardWriter(file, Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            w.append(TensorBoardEvent.fileVersion(now()));
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a TensorBoard events file in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The events file this writer appends to. */
    public Path file() {
        return file;
    }

    /** One event with every scalar of a step; nothing is written for an empty map. */
    public void scalars(long step, Map<String, Double> values) {
        if (!values.isEmpty()) append(TensorBoardEvent.scalars(now(), step, values));
    }

    private void append(byte[] event) {
        try {
            out.write(TfRecords.frame(event));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TensorBoard events file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The events files in {@code dir} (not below it), by name: oldest session first. */
    public static List<Path> eventFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().contains("." + FILE_MARKER + "."))
                    .sorted().toList();
        }
    }

    /** Rewrites {@code file} (atomically) without its records past {@code resumedStep} and without damage at its end. */
    private static void cutBack(Path file, long resumedStep) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        TfRecords.Records read = TfRecords.read(bytes);
        long keep = read.validBytes();
        for (TfRecords.Record r : read.records()) {
            long step;
            try {
                step = TensorBoardEvent.step(r.data());
            } catch (IllegalArgumentException e) {
                step = Long.MAX_VALUE; // framed but not an event: not ours to keep
            }
            if (step > resumedStep) {
                keep = r.offset();
                break;
            }
        }
        if (keep == bytes.length) return;
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            o.write(bytes, 0, (int) keep);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path newFileName(Path dir) {
        String base = "events.out." + FILE_MARKER + "." + String.format(Locale.ROOT, "%010d", System.currentTimeMillis() / 1000) + "." + host() + "."
                + ProcessHandle.current().pid() + ".";
        for (int n = 0; ; n++) {
            Path p = dir.resolve(base + n);
            if (!Files.exists(p)) return p; // two sessions in one second of one process: the counter tells them apart
        }
    }

    /** The host name, reduced to characters safe in a file name. */
    private static String host() {
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        h = h.replaceAll("[^A-Za-z0-9_-]", "_");
        return h.isEmpty() ? "localhost" : h;
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
