package io.reason4j.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a Hugging Face model directory's {@code generation_config.json} says about ending a
 * generation. Chat models often list more end tokens here than config.json does (Qwen2.5-Instruct:
 * config.json has {@code <|endoftext|>}, generation_config.json adds {@code <|im_end|>}); vLLM and
 * transformers stop on all of them, and so must we.
 *
 * @param eosTokenIds {@code eos_token_id}: an integer or a list, empty when absent
 */
public record GenerationConfig(List<Integer> eosTokenIds) {
    public static final String FILE_NAME = "generation_config.json";

    public GenerationConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** The file in {@code modelDir}, or empty when the directory has none. */
    public static Optional<GenerationConfig> read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return Optional.empty();
        JsonFields json = JsonFields.read(file);
        return Optional.of(new GenerationConfig(json.intOrIntList("eos_token_id")));
    }
}
