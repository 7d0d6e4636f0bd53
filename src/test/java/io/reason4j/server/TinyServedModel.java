package io.reason4j.server;

import io.reason4j.model.Architecture;
import io.reason4j.model.DType;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.SafetensorsReader;
import io.reason4j.model.SafetensorsWriter;
import io.reason4j.text.CharacterTokenizerFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tiny random Qwen2 model with the character tokenizer (ChatML template, {@code <|im_end|>} as
 * EOS), written as a Hugging Face directory: what the server and client tests serve.
 */
final class TinyServedModel {
    static final int CONTEXT = 256;

    private TinyServedModel() {
    }

    static Path write(Path dir, long seed) {
        ModelConfig config = new ModelConfig(Architecture.QWEN2, CharacterTokenizerFiles.VOCAB_SIZE, 32, 2, 4, 2, 8, 64, 1e-6, 1e6,
                null, false, true, CONTEXT, null, List.of(CharacterTokenizerFiles.IM_END_ID));
        try (Arena arena = Arena.ofConfined()) {
            // A large init spread, so that the random model's distributions are peaked and its texts varied.
            DecoderWeights weights = DecoderWeights.initialize(config, false, seed, 0.5, arena);
            java.nio.file.Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve(SafetensorsReader.SINGLE_FILE), weights.tensors(), DType.F32, Map.of("format", "pt"));
            config.write(dir.resolve(ModelConfig.FILE_NAME), DType.F32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CharacterTokenizerFiles.write(dir);
        return dir;
    }
}
