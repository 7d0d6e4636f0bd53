package io.reason4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reason4j} command line: a thin face over the library. */
@Command(name = "reason4j", mixinStandardHelpOptions = true, version = "reason4j 0.1.0",
        description = "Train and study reasoning language models with RL on verifiable rewards.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests too). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
