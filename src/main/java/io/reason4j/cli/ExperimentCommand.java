package io.reason4j.cli;

import io.reason4j.recipe.RecipeConfig;
import io.reason4j.recipe.RecipeLoader;
import io.reason4j.recipe.RetoolVsText;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reason4j experiment retool-vs-text}: the miniature of the ReTool paper's comparison. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run a built-in experiment.",
        subcommands = ExperimentCommand.RetoolVsTextCommand.class)
final class ExperimentCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "retool-vs-text", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"From the same model size and budget: text-only cold start + text-only RL against code-integrated cold start + RL "
                    + "with the Python interpreter. Writes experiment.md (the table) and experiment.json."})
    static final class RetoolVsTextCommand implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "the shared recipe (default: the built-in retool recipe); its traces and tools are set per arm")
        Path config;

        @Option(names = "--steps", paramLabel = "N", description = "RL steps of each arm (overrides training.steps)")
        Integer steps;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/retool-vs-text", description = "directory of both runs (default ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--no-resume", description = "start afresh even if --out holds stopped runs")
        boolean noResume;

        @Override
        public Integer call() throws Exception {
            RecipeConfig recipe = config != null ? RecipeLoader.load(config) : RecipeLoader.defaults("retool", "arithmetic");
            if (steps != null) {
                if (steps < 0) throw new UserInputException("--steps must be >= 0, got " + steps);
                recipe = TrainCommand.withSteps(recipe, steps);
            }
            RetoolVsText.Result r = new RetoolVsText(recipe, out, !noResume, System.out).run();
            System.out.println();
            System.out.print(r.table());
            System.out.println("table: " + out.resolve(RetoolVsText.TABLE_FILE) + ", details: " + out.resolve(RetoolVsText.JSON_FILE));
            return 0;
        }
    }
}
