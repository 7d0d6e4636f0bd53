package io.reason4j.recipe;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reason4j.rl.ConfigValueException;
import java.util.List;

/**
 * Section {@code cold_start} of a training recipe: supervised fine-tuning before RL (retool.md,
 * "Cold-start data"), on traces of the training problems, verified and with real interpreter output.
 *
 * @param traces          code (code-integrated, ReTool), text (text-only), none (no cold start), or auto: code
 *                        when {@code sampling.tools} is python, text otherwise. Default auto.
 * @param codeProbability in code traces, the chance that each calculation step is written as code rather
 *                        than worked in text (ReTool rewrites the steps that benefit from code; 1 = every step).
 *                        Default 0.5: the cold-start model sees both ways, and RL learns when to call the tool.
 * @param examples        problems the traces are made from (the first of the training problems). Default 2000.
 * @param epochs          passes over the traces. Default 24: a model made from scratch must first learn to copy numbers
 *                        into code and from the interpreter's output, which takes ~2,500 steps at this size.
 * @param lr              peak learning rate (cosine schedule to 10%, 5% warm-up). Default 3e-3 (a 1M-parameter model from scratch).
 * @param rows            packed rows per batch (about 4 × max_length / 100 traces). Default 4.
 * @param maxLength       tokens per packed row. Default 512.
 */
public record ColdStartSection(
        @JsonProperty("traces") String traces,
        @JsonProperty("code_probability") double codeProbability,
        @JsonProperty("examples") int examples,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("lr") double lr,
        @JsonProperty("rows") int rows,
        @JsonProperty("max_length") int maxLength) {

    public static final List<String> TRACES = List.of("auto", "code", "text", "none");

    public ColdStartSection {
        if (!TRACES.contains(traces)) throw new ConfigValueException("traces", "is '" + traces + "'; allowed values: " + String.join(", ", TRACES));
        if (!(codeProbability >= 0 && codeProbability <= 1)) throw new ConfigValueException("code_probability", "is " + codeProbability + "; allowed: a number in [0, 1]");
        if (examples < 1) throw new ConfigValueException("examples", "is " + examples + "; allowed: an integer ≥ 1");
        if (epochs < 1) throw new ConfigValueException("epochs", "is " + epochs + "; allowed: an integer ≥ 1");
        if (!(lr > 0 && lr < 1)) throw new ConfigValueException("lr", "is " + lr + "; allowed: a number in (0, 1)");
        if (rows < 1) throw new ConfigValueException("rows", "is " + rows + "; allowed: an integer ≥ 1");
        if (maxLength < 16) throw new ConfigValueException("max_length", "is " + maxLength + "; allowed: an integer ≥ 16");
    }

    public static ColdStartSection defaults() {
        return new ColdStartSection("auto", 0.5, 2000, 24, 3e-3, 4, 512);
    }

    /** The trace kind after resolving auto against whether RL uses the interpreter. */
    public String resolvedTraces(boolean tools) {
        return traces.equals("auto") ? (tools ? "code" : "text") : traces;
    }

    public ColdStartSection withTraces(String t) {
        return new ColdStartSection(t, codeProbability, examples, epochs, lr, rows, maxLength);
    }
}
