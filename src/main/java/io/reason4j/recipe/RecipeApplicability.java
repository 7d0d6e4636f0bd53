package io.reason4j.recipe;

import io.reason4j.rl.KeyRule;
import java.util.List;
import java.util.Optional;

/**
 * Which keys of a recipe's own sections ({@code task}, {@code model}, {@code cold_start}) have an
 * effect under its other settings, as {@link io.reason4j.rl.ConfigApplicability} does for the RL
 * sections: a key a user sets that has none is an error naming it, and {@code train --show-config}
 * leaves it out.
 */
final class RecipeApplicability {
    private RecipeApplicability() {}

    private static final List<KeyRule<RecipeConfig>> RULES = List.of(
            new KeyRule<>("task.options", c -> !fromFile(c), c -> "has no effect: task.name is file, whose problems come from task.train_file"),
            new KeyRule<>("task.train_problems", c -> !fromFile(c),
                    c -> "has no effect: task.name is file, which trains on every problem of task.train_file not held out"),
            new KeyRule<>("task.eval_problems", c -> !fromFile(c) || c.task().evalFile().isEmpty(),
                    c -> "has no effect: the held-out problems are task.eval_file's; leave eval_file empty to hold out eval_problems of train_file"),
            new KeyRule<>("task.train_file", RecipeApplicability::fromFile, RecipeApplicability::notFile),
            new KeyRule<>("task.eval_file", RecipeApplicability::fromFile, RecipeApplicability::notFile),
            new KeyRule<>("model.hidden", c -> c.model().fromScratch(), RecipeApplicability::givenModel),
            new KeyRule<>("model.layers", c -> c.model().fromScratch(), RecipeApplicability::givenModel),
            new KeyRule<>("model.heads", c -> c.model().fromScratch(), RecipeApplicability::givenModel),
            new KeyRule<>("model.kv_heads", c -> c.model().fromScratch(), RecipeApplicability::givenModel),
            new KeyRule<>("model.intermediate", c -> c.model().fromScratch(), RecipeApplicability::givenModel),
            new KeyRule<>("model.seed", c -> c.model().fromScratch(), RecipeApplicability::givenModel),
            new KeyRule<>("cold_start.code_probability", c -> c.coldStartTraces().equals("code"),
                    c -> "has no effect: the cold start's traces are " + c.coldStartTraces() + ", not code; set cold_start.traces: code"),
            new KeyRule<>("cold_start.examples", RecipeApplicability::coldStart, RecipeApplicability::noColdStart),
            new KeyRule<>("cold_start.epochs", RecipeApplicability::coldStart, RecipeApplicability::noColdStart),
            new KeyRule<>("cold_start.lr", RecipeApplicability::coldStart, RecipeApplicability::noColdStart),
            new KeyRule<>("cold_start.rows", RecipeApplicability::coldStart, RecipeApplicability::noColdStart),
            new KeyRule<>("cold_start.max_length", RecipeApplicability::coldStart, RecipeApplicability::noColdStart));

    /** Why the dotted key has no effect under {@code c}, with what would make it apply; empty when it has one. */
    static Optional<String> whyInert(RecipeConfig c, String dotted) {
        return KeyRule.whyInert(RULES, c, dotted);
    }

    private static boolean fromFile(RecipeConfig c) {
        return c.task().name().equals("file");
    }

    private static String notFile(RecipeConfig c) {
        return "has no effect: task.name is " + c.task().name() + ", a built-in task that makes its own problems; set task.name: file";
    }

    private static String givenModel(RecipeConfig c) {
        return "has no effect: model.path is set, so no model is made from scratch; leave path empty to make one of this shape";
    }

    private static boolean coldStart(RecipeConfig c) {
        return !c.coldStartTraces().equals("none");
    }

    private static String noColdStart(RecipeConfig c) {
        return "has no effect: there is no cold start (cold_start.traces resolves to none"
                + (c.model().fromScratch() ? "" : ": a given model.path is assumed ready for RL") + "); set cold_start.traces: code or text";
    }
}
