package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Section {@code evaluation}: periodic accuracy on the held-out split during RL (verl's
 * {@code trainer.test_freq} with {@code val_kwargs}).
 *
 * @param every       RL steps between evaluations (also before the first step and after the last); 0 only
 *                    before and after. Default 10.
 * @param temperature sampling temperature of evaluation; 0 = greedy (verl's val_kwargs default, do_sample
 *                    false). Default 0.
 * @param topP        nucleus sampling of evaluation. Default 1.0.
 * @param samples     responses per held-out problem; accuracy is their mean (avg@n). Default 1.
 */
public record EvaluationConfig(
        @JsonProperty("every") int every,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("top_p") double topP,
        @JsonProperty("samples") int samples) {

    public EvaluationConfig {
        ConfigValueException.atLeast("every", every, 0);
        ConfigValueException.inRange("temperature", temperature, 0, 10);
        if (!(topP > 0 && topP <= 1)) throw new ConfigValueException("top_p", "is " + topP + "; allowed: a number in (0, 1]");
        ConfigValueException.atLeast("samples", samples, 1);
        if (temperature == 0 && samples > 1) {
            throw new ConfigValueException("samples", "is " + samples + " with temperature 0 (greedy gives the same response each time); allowed: 1, or a temperature > 0");
        }
    }

    public static EvaluationConfig defaults() {
        return new EvaluationConfig(10, 0, 1.0, 1);
    }
}
