package io.reason4j.rl;

import io.reason4j.model.DType;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.TestModels;
import io.reason4j.text.TinyTokenizerFixture;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/** The RL tests' starting policy: a random tiny Qwen2 model (hidden 32, 2 layers) with the byte-level test tokenizer and its chat template. */
final class TinyPolicy {
    private TinyPolicy() {}

    /** Writes the model into {@code dir} (kept when it is already there) and returns {@code dir}. */
    static Path write(Path dir, long seed) throws Exception {
        if (Files.exists(dir.resolve(ModelConfig.FILE_NAME))) return dir;
        ModelConfig config = TestModels.qwen2(TinyTokenizerFixture.VOCAB_SIZE, 32, 2, 4, 2, 64, false);
        TestModels.write(dir, DecoderWeights.initialize(config, false, seed, 0.02, Arena.ofAuto()), DType.F32, 0);
        TinyTokenizerFixture.write(dir);
        return dir;
    }
}
