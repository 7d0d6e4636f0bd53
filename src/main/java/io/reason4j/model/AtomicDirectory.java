package io.reason4j.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Creates a directory all at once, as {@link AtomicFile} does a file: the content is written into a
 * hidden temporary sibling, every file and directory in it is forced to disk, and it is then renamed
 * into place and the parent forced. A crash at any moment leaves either no directory (or the one it
 * replaces) under the real name, or the complete new one; never a half-written checkpoint that
 * would load. What a crash leaves behind is a hidden {@code .<name>.tmp-*} sibling, which a later
 * save may delete.
 */
public final class AtomicDirectory {

    /** Writes the content of a directory into {@code dir}, which exists and is empty. */
    @FunctionalInterface
    public interface Content {
        void writeInto(Path dir) throws IOException;
    }

    private AtomicDirectory() {}

    /** The prefix of the temporary siblings for a directory of this name. */
    static String temporaryPrefix(String name) {
        return "." + name + ".tmp-";
    }

    /**
     * Atomically creates {@code target} with what {@code content} writes.
     *
     * @param replace whether an existing non-empty {@code target} is replaced (moved aside, then
     *     deleted once the new one is in place); otherwise only an absent or empty one is
     */
    public static void write(Path target, boolean replace, Content content) {
        target = target.toAbsolutePath().normalize();
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Path temp = null;
        Path aside = null;
        try {
            Files.createDirectories(parent);
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new ModelFormatException("cannot write directory " + target + ": a file of that name exists");
            }
            boolean occupied = Files.isDirectory(target) && !isEmpty(target);
            if (occupied && !replace) {
                throw new ModelFormatException("cannot write " + target + ": the directory exists and is not empty;"
                        + " choose a new directory or remove it first");
            }
            temp = Files.createTempDirectory(parent, temporaryPrefix(name));
            content.writeInto(temp);
            forceTree(temp);
            if (occupied) {
                aside = Files.createTempDirectory(parent, "." + name + ".old-");
                Files.delete(aside);
                Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            // rename(2) replaces an empty directory, so an empty target needs no special case.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            force(parent, true);
            if (aside != null) {
                deleteTree(aside);
                aside = null;
            }
        } catch (IOException e) {
            throw new ModelFormatException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            cleanUp(temp);
            if (aside != null && !Files.exists(target)) {
                try {
                    Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException ignored) {
                    // the hidden copy stays for a person to recover; the original error is reported
                }
            }
        }
    }

    /** Deletes a directory and everything under it; absent is fine. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) Files.deleteIfExists(p);
        }
    }

    private static void cleanUp(Path temp) {
        if (temp == null) return;
        try {
            deleteTree(temp);
        } catch (IOException ignored) {
            // the original error matters more than a leftover temporary directory
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Forces every file, then every directory (deepest first), so that the names are durable too. */
    private static void forceTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> all = Files.walk(root)) {
            paths = all.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            if (Files.isRegularFile(p)) force(p, false);
        }
        for (Path p : paths) {
            if (Files.isDirectory(p)) force(p, true);
        }
    }

    /**
     * fsync of one file or directory. Directories are opened read-only (Linux and macOS allow fsync on
     * them; Windows does not, and there a rename is durable without it), as Lucene's IOUtils.fsync does.
     */
    static void force(Path path, boolean directory) throws IOException {
        if (directory) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                if (!System.getProperty("os.name", "").startsWith("Windows")) throw e;
            }
        } else {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }
}
