package io.reason4j.cli;

import io.reason4j.data.DatasetFormatException;
import io.reason4j.distill.DistillException;
import io.reason4j.engine.remote.RemoteEngineException;
import io.reason4j.eval.EvaluationException;
import io.reason4j.model.ModelFormatException;
import io.reason4j.text.TextFormatException;
import io.reason4j.tool.SandboxUnavailableException;
import io.reason4j.track.report.ReportInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reason4j} command line: a thin face over the library. */
@Command(name = "reason4j", mixinStandardHelpOptions = true, version = "reason4j 0.1.0",
        description = "Train and study reasoning language models with RL on verifiable rewards.",
        subcommands = {InitModelCommand.class, ScoreCommand.class, GenerateCommand.class, SftCommand.class, BenchCommand.class, SandboxCommand.class, VerifyCommand.class, ConfigCommand.class, TrainCommand.class, ExperimentCommand.class, EvalCommand.class, ReportCommand.class, DistillCommand.class, ServeCommand.class, SelectCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests too). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (isUserError(e)) {
                line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** Mistakes in a user's files or arguments are reported as one line, without a stack trace. */
    static boolean isUserError(Exception e) {
        return e instanceof ModelFormatException || e instanceof TextFormatException || e instanceof DatasetFormatException || e instanceof UserInputException
                || e instanceof SandboxUnavailableException || e instanceof EvaluationException || e instanceof DistillException
                || e instanceof ReportInputException || e instanceof RemoteEngineException || e instanceof IllegalArgumentException;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
