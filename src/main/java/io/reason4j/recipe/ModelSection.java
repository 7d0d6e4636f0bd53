package io.reason4j.recipe;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reason4j.rl.ConfigValueException;

/**
 * Section {@code model} of a training recipe: the policy to start from. With an empty {@code path} a
 * tiny Qwen2-style model is made from scratch with a character-level tokenizer and a ChatML
 * template (the embedded default: a few hundred thousand parameters, trainable on a CPU in minutes).
 *
 * @param path         a Hugging Face model directory to start from (tokenizer and chat template included);
 *                     empty = make a tiny one. With a path the cold start is skipped unless asked for.
 * @param hidden       hidden size of the tiny model. Default 128.
 * @param layers       decoder layers. Default 4.
 * @param heads        attention heads. Default 4.
 * @param kvHeads      key/value heads (GQA when fewer). Default 2.
 * @param intermediate MLP size. Default 384.
 * @param seed         initialisation seed. Default 0.
 */
public record ModelSection(
        @JsonProperty("path") String path,
        @JsonProperty("hidden") int hidden,
        @JsonProperty("layers") int layers,
        @JsonProperty("heads") int heads,
        @JsonProperty("kv_heads") int kvHeads,
        @JsonProperty("intermediate") int intermediate,
        @JsonProperty("seed") long seed) {

    public ModelSection {
        if (path == null) path = "";
        if (hidden < 8) throw new ConfigValueException("hidden", "is " + hidden + "; allowed: an integer ≥ 8");
        if (layers < 1) throw new ConfigValueException("layers", "is " + layers + "; allowed: an integer ≥ 1");
        if (heads < 1 || hidden % heads != 0) throw new ConfigValueException("heads", "is " + heads + "; allowed: a divisor of hidden (" + hidden + ")");
        if (kvHeads < 1 || heads % kvHeads != 0) throw new ConfigValueException("kv_heads", "is " + kvHeads + "; allowed: a divisor of heads (" + heads + ")");
        if ((hidden / heads) % 2 != 0) throw new ConfigValueException("heads", "gives an odd head size " + hidden / heads + "; rotary embeddings need an even one");
        if (intermediate < 1) throw new ConfigValueException("intermediate", "is " + intermediate + "; allowed: an integer ≥ 1");
    }

    public static ModelSection defaults() {
        return new ModelSection("", 128, 4, 4, 2, 384, 0);
    }

    public boolean fromScratch() {
        return path.isEmpty();
    }
}
