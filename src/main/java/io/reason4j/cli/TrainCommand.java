package io.reason4j.cli;

import io.reason4j.data.task.Tasks;
import io.reason4j.recipe.RecipeConfig;
import io.reason4j.recipe.RecipeLoader;
import io.reason4j.recipe.RecipeSummary;
import io.reason4j.recipe.TrainingRecipe;
import io.reason4j.rl.RlConfig;
import io.reason4j.rl.RlConfigLoader;
import io.reason4j.rl.TrackingConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reason4j train}: the main job. With no arguments, the built-in ReTool recipe: a tiny model
 * made from scratch, cold-start SFT on code-integrated traces, RL with the Python interpreter, and
 * held-out accuracy before and after RL.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a reasoning model: cold-start SFT, then RL with verifiable rewards, then evaluation.",
                "With no arguments: the built-in ReTool recipe (task arithmetic, a tiny model from scratch, the Python interpreter in the loop).",
                "Writes metrics.jsonl, checkpoints, the trained model and summary.json into the run directory; "
                        + "run it again with the same --out to continue a stopped run."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "a recipe YAML: RL sections (layered on its preset) plus task, model, cold_start")
    Path config;

    @Option(names = "--preset", paramLabel = "NAME", description = "RL preset: ppo, grpo, dr_grpo, dapo, vc_ppo, vapo, reinforce_pp, rloo, gspo, retool (default retool)")
    String preset;

    @Option(names = "--task", paramLabel = "NAME", description = "built-in task: arithmetic, modular, linear, countdown (default arithmetic)")
    String task;

    @Option(names = "--steps", paramLabel = "N", description = "RL steps (overrides training.steps)")
    Integer steps;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default runs/<preset>-<task>-<time>)")
    Path out;

    @Option(names = "--no-resume", description = "start afresh even if --out holds a stopped run")
    boolean noResume;

    @Option(names = "--tensorboard", description = "also write TensorBoard events files into sft/ and rl/ (sets tracking.tensorboard)")
    boolean tensorBoard;

    @Option(names = "--show-config", description = "print the effective recipe (every key) and exit")
    boolean showConfig;

    @Override
    public Integer call() throws Exception {
        if (config != null && (preset != null || task != null)) {
            throw new UserInputException("--config names its preset and task itself; give either --config or --preset/--task");
        }
        if (preset != null && !RlConfigLoader.PRESETS.contains(preset)) {
            throw new UserInputException("--preset '" + preset + "' is not a preset; allowed: " + String.join(", ", RlConfigLoader.PRESETS));
        }
        if (task != null && !Tasks.names().contains(task)) {
            throw new UserInputException("--task '" + task + "' is not a built-in task; allowed: " + String.join(", ", Tasks.names()));
        }
        RecipeConfig recipe = config != null ? RecipeLoader.load(config)
                : RecipeLoader.defaults(preset != null ? preset : "retool", task != null ? task : "arithmetic");
        if (steps != null) {
            if (steps < 0) throw new UserInputException("--steps must be >= 0, got " + steps);
            recipe = withSteps(recipe, steps);
        }
        if (tensorBoard) recipe = new RecipeConfig(recipe.rl().withTracking(new TrackingConfig(true)), recipe.task(), recipe.model(), recipe.coldStart());
        if (showConfig) {
            System.out.print(RecipeLoader.toYaml(recipe));
            return 0;
        }
        Path runDir = out != null ? out : Path.of("runs", recipe.rl().preset() + "-" + recipe.task().name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        OutputDirectory.check(runDir, "--out");
        RecipeSummary summary = new TrainingRecipe(recipe, runDir, !noResume, System.out).run();
        System.out.println();
        System.out.print(summary.table());
        System.out.println("summary: " + runDir.resolve(TrainingRecipe.SUMMARY_FILE));
        return 0;
    }

    static RecipeConfig withSteps(RecipeConfig r, int steps) {
        RlConfig c = r.rl();
        return new RecipeConfig(c.withTraining(c.training().withSteps(steps)), r.task(), r.model(), r.coldStart());
    }
}
