package io.reason4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a trained model as a plain Hugging Face model directory, the way {@code save_pretrained}
 * lays it out: config.json, the weights (one {@code model.safetensors}, or shards with an index past
 * {@link #MAX_SHARD_BYTES}), and the tokenizer and generation files copied from the model the run
 * started from. transformers, vLLM and {@code ModelDirectory.open} load the result.
 */
public final class ModelExport {
    /**
     * The files copied from the source model when it has them: the fast tokenizer and its
     * configuration (which holds the chat template in most models), the slow tokenizers' vocabularies,
     * the chat template as newer transformers saves it separately, and the sampling defaults.
     */
    public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "added_tokens.json", "vocab.json", "merges.txt", "tokenizer.model",
            "chat_template.jinja", "chat_template.json", "generation_config.json");

    /** Shard size above which weights are split: transformers 4's {@code max_shard_size} default, "5GB". */
    public static final long MAX_SHARD_BYTES = 5_000_000_000L;

    private ModelExport() {}

    /**
     * Writes the model into {@code target} atomically (see {@link AtomicDirectory}); {@code target}
     * must not exist or must be empty, so that an export never deletes anything.
     *
     * @param parameters the flat parameters of {@code layout}
     * @param tokenizerSource the model directory whose {@link #TOKENIZER_FILES} are copied, or null for none
     * @param dtype the weights' type on disk: F32 exactly, BF16 or F16 rounded to nearest even
     *     (recorded as {@code torch_dtype})
     */
    public static void write(Path target, ParameterLayout layout, float[] parameters, Path tokenizerSource, DType dtype) {
        write(target, layout, parameters, tokenizerSource, dtype, false);
    }

    /**
     * As {@link #write(Path, ParameterLayout, float[], Path, DType)}; with {@code replace} an existing
     * model in {@code target} (a trainer's own export from an earlier session) is replaced atomically.
     */
    public static void write(Path target, ParameterLayout layout, float[] parameters, Path tokenizerSource, DType dtype, boolean replace) {
        if (parameters.length != layout.size()) {
            throw new IllegalArgumentException("the parameter array has " + parameters.length + " floats, the layout needs "
                    + layout.size());
        }
        if (tokenizerSource != null && !Files.isDirectory(tokenizerSource)) {
            throw new ModelFormatException("cannot copy the tokenizer from " + tokenizerSource + ": no such directory");
        }
        List<NamedTensor> tensors = layout.weightsOver(parameters).tensors();
        AtomicDirectory.write(target, replace, dir -> {
            layout.config().write(dir.resolve(ModelConfig.FILE_NAME), dtype);
            SafetensorsWriter.writeSharded(dir, tensors, dtype, MAX_SHARD_BYTES);
            if (tokenizerSource != null) copyTokenizer(tokenizerSource, dir);
        });
    }

    private static void copyTokenizer(Path source, Path dir) throws IOException {
        for (String name : TOKENIZER_FILES) {
            Path file = source.resolve(name);
            if (Files.isRegularFile(file)) Files.copy(file, dir.resolve(name));
        }
    }
}
