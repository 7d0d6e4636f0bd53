package io.reason4j.recipe;

import io.reason4j.rl.RlConfig;

/**
 * A whole training recipe (the main job, {@code reason4j train}): the task, the starting model, the
 * cold start, and the RL configuration ({@link RlConfig}, a preset with overrides). One YAML file
 * holds all of it; {@link RecipeLoader} reads it and {@code reason4j train --show-config} prints it.
 */
public record RecipeConfig(RlConfig rl, TaskSection task, ModelSection model, ColdStartSection coldStart) {

    /** Whether RL (and so the cold start on auto) uses the Python interpreter. */
    public boolean tools() {
        return rl.sampling().tools().equals("python");
    }

    /**
     * The cold start's traces: code, text or none. On auto: code when RL uses the interpreter, text
     * otherwise, for a model made from scratch; none for a given model (it is assumed ready for RL).
     */
    public String coldStartTraces() {
        return model.fromScratch() || !coldStart.traces().equals("auto") ? coldStart.resolvedTraces(tools()) : "none";
    }
}
