package io.reason4j.recipe;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reason4j.rl.ConfigValueException;
import java.util.Map;

/**
 * Section {@code task} of a training recipe: which problems to train and evaluate on.
 *
 * @param name          a built-in task ({@code reason4j train --help} lists them: arithmetic, modular, linear,
 *                      countdown), or {@code file} to read {@code train_file} / {@code eval_file}. Default arithmetic.
 * @param options       the task's difficulty knobs (docs/tasks.md); those not given take their defaults
 * @param trainProblems training problems generated (cold start and RL draw from them). Default 3000.
 * @param evalProblems  held-out problems, never among the training ones. Default 200.
 * @param trainFile     with name {@code file}: a JSONL or Parquet file in verl's schema (docs/data-formats.md)
 * @param evalFile      with name {@code file}: the held-out file (or empty: hold out eval_problems of train_file)
 * @param seed          the seed problems are generated (or held out) from. Default 0.
 */
public record TaskSection(
        @JsonProperty("name") String name,
        @JsonProperty("options") Map<String, Object> options,
        @JsonProperty("train_problems") int trainProblems,
        @JsonProperty("eval_problems") int evalProblems,
        @JsonProperty("train_file") String trainFile,
        @JsonProperty("eval_file") String evalFile,
        @JsonProperty("seed") long seed) {

    public static TaskSection defaults() {
        return new TaskSection("arithmetic", Map.of(), 3000, 200, "", "", 0);
    }

    public TaskSection {
        options = options == null ? Map.of() : options;
        if (trainProblems < 1) throw new ConfigValueException("train_problems", "is " + trainProblems + "; allowed: an integer ≥ 1");
        if (evalProblems < 0) throw new ConfigValueException("eval_problems", "is " + evalProblems + "; allowed: an integer ≥ 0");
    }

    public TaskSection withName(String newName) {
        return new TaskSection(newName, Map.of(), trainProblems, evalProblems, trainFile, evalFile, seed);
    }
}
