package io.reason4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one training run: {@code checkpoint-<step>} directories under a run
 * directory, as the Hugging Face Trainer names them, of which the newest {@code keepLast} are kept
 * (HF's {@code save_total_limit}).
 *
 * <p>Each checkpoint is written atomically ({@link TrainingCheckpoint#write}), so on resume every
 * {@code checkpoint-<step>} is either complete or was damaged afterwards; {@link #latest()} skips
 * damaged ones (reported by {@link #scan()}) and hidden temporary directories left by a crash.
 * One trainer at a time may save into a run directory.
 */
public final class CheckpointStore {
    /** The prefix of checkpoint directory names, followed by the global step. */
    public static final String PREFIX = "checkpoint-";

    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,18})");
    private static final Pattern LEFTOVER = Pattern.compile("\\.(" + Pattern.quote(PREFIX) + "\\d{1,18})\\.(tmp|old)-.*");

    /**
     * One {@code checkpoint-<step>} directory.
     *
     * @param problem why it cannot be loaded, or null when it is complete
     */
    public record Entry(long step, Path dir, String problem) {
        public boolean complete() {
            return problem == null;
        }
    }

    private final Path runDir;
    private final int keepLast;

    /**
     * @param runDir the directory that holds the run's checkpoints (created on the first save)
     * @param keepLast how many complete checkpoints to keep, at least 1 (HF's {@code save_total_limit};
     *     {@link Integer#MAX_VALUE} keeps all)
     */
    public CheckpointStore(Path runDir, int keepLast) {
        if (keepLast < 1) throw new IllegalArgumentException("keepLast must be at least 1, got " + keepLast);
        this.runDir = runDir;
        this.keepLast = keepLast;
    }

    public Path runDirectory() {
        return runDir;
    }

    /** Where the checkpoint of this global step lives. */
    public Path directoryFor(long step) {
        return runDir.resolve(PREFIX + step);
    }

    /**
     * Saves {@code checkpoint} as {@code checkpoint-<globalStep>} (replacing one of the same step),
     * then prunes: checkpoints of later steps are deleted (they belong to a run that this one,
     * resumed from an earlier checkpoint, has replaced; the next resume would otherwise jump back to
     * them), and of the earlier ones only the newest complete {@code keepLast − 1} are kept.
     *
     * @return the checkpoint's directory
     */
    public Path save(TrainingCheckpoint checkpoint) {
        recoverLeftovers();
        Path dir = directoryFor(checkpoint.globalStep());
        // A damaged checkpoint of the same step (one TrainingCheckpoint.write would not recognise) is ours by its name.
        if (Files.isDirectory(dir) && TrainingCheckpoint.problem(dir).isPresent()) delete(dir);
        checkpoint.write(dir);
        long saved = checkpoint.globalStep();
        int kept = 1; // complete checkpoints kept so far, newest first, counting the one just saved
        for (Entry e : scan()) {
            if (e.step() == saved) continue;
            // A damaged checkpoint never takes a good one's place; it goes once it is older than all kept.
            boolean delete = e.step() > saved || kept >= keepLast;
            if (delete) {
                delete(e.dir());
            } else if (e.complete()) {
                kept++;
            }
        }
        return dir;
    }

    /** Every {@code checkpoint-<step>} directory, newest first, each with its problem if it is not complete. */
    public List<Entry> scan() {
        if (!Files.isDirectory(runDir)) return List.of();
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(runDir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p)) continue;
                out.add(new Entry(Long.parseLong(m.group(1)), p, TrainingCheckpoint.problem(p).orElse(null)));
            }
        } catch (IOException e) {
            throw new ModelFormatException("cannot list the run directory " + runDir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(Entry::step).reversed());
        return out;
    }

    /** The newest complete checkpoint, or empty when there is none (a fresh run). */
    public Optional<Path> latest() {
        return scan().stream().filter(Entry::complete).map(Entry::dir).findFirst();
    }

    /**
     * Reads the newest complete checkpoint, or empty for a fresh run.
     *
     * @throws ModelFormatException if its files are corrupt (their checksums do not match): a damaged
     *     disk should be looked at rather than silently trained past
     */
    public Optional<TrainingCheckpoint> loadLatest() {
        return latest().map(TrainingCheckpoint::read);
    }

    /**
     * Deals with what a crash during a save leaves: a temporary directory is deleted; a checkpoint
     * that was moved aside to be replaced is moved back if its replacement never arrived.
     */
    private void recoverLeftovers() {
        if (!Files.isDirectory(runDir)) return;
        List<Path> leftovers;
        try (Stream<Path> entries = Files.list(runDir)) {
            leftovers = entries.filter(p -> LEFTOVER.matcher(p.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            throw new ModelFormatException("cannot list the run directory " + runDir + ": " + e.getMessage(), e);
        }
        for (Path p : leftovers) {
            Matcher m = LEFTOVER.matcher(p.getFileName().toString());
            m.matches();
            Path target = runDir.resolve(m.group(1));
            if (m.group(2).equals("old") && !Files.exists(target)) {
                try {
                    Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                    continue;
                } catch (IOException e) {
                    throw new ModelFormatException("cannot restore " + p + " to " + target + ": " + e.getMessage(), e);
                }
            }
            delete(p);
        }
    }

    private static void delete(Path dir) {
        try {
            AtomicDirectory.deleteTree(dir);
        } catch (IOException e) {
            throw new ModelFormatException("cannot delete old checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }
}
