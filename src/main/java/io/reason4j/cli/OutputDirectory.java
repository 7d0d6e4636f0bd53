package io.reason4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The check every command makes of the directory it writes into, before it starts any work. */
final class OutputDirectory {
    private OutputDirectory() {}

    /** {@code dir} (given as {@code option}) must be a directory or not exist yet; a file there is a mistake named in one line. */
    static Path check(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException(option + " " + dir + " is a file; expected a directory (created when missing)");
        }
        return dir;
    }
}
