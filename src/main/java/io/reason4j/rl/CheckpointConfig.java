package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Section {@code checkpoint}: atomic checkpoints in the run directory, from which a stopped run
 * resumes (verl's {@code trainer.save_freq}, {@code resume_mode: auto}).
 *
 * @param every RL steps between checkpoints (and after the last step). Default 50.
 * @param keep  checkpoints kept; older ones are deleted once a newer one is complete. Default 2.
 */
public record CheckpointConfig(
        @JsonProperty("every") int every,
        @JsonProperty("keep") int keep) {

    public CheckpointConfig {
        ConfigValueException.atLeast("every", every, 1);
        ConfigValueException.atLeast("keep", keep, 1);
    }

    public static CheckpointConfig defaults() {
        return new CheckpointConfig(50, 2);
    }
}
