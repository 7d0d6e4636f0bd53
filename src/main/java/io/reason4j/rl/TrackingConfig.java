package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Section {@code tracking}: where a run's metrics go besides {@code metrics.jsonl} (always written).
 *
 * @param tensorboard also write the metrics as TensorBoard events files in the run directory
 *                    ({@code tensorboard --logdir RUN_DIR}; docs/reports.md), as verl's
 *                    {@code trainer.logger: [console, tensorboard]}. In a training recipe it applies to
 *                    the cold-start SFT too. Default false.
 */
public record TrackingConfig(@JsonProperty("tensorboard") boolean tensorboard) {

    public static TrackingConfig defaults() {
        return new TrackingConfig(false);
    }
}
