package io.reason4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reason4j.model.DType;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.ModelFormatException;
import io.reason4j.model.TestModels;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
    @TempDir Path dir;

    /** config.json says EOS 2 (TestModels); generation_config.json adds the chat end-of-turn tokens. */
    @Test
    void stopsOnTheEosTokensOfBothConfigFiles() throws Exception {
        ModelConfig config = TestModels.llama(40, 16, 1, 2, 2, 8, 32, false, null);
        TestModels.write(dir, TestModels.randomWeights(config, false, 1, Arena.ofAuto()), DType.F32, 0);
        try (ModelDirectory m = ModelDirectory.open(dir)) {
            assertThat(m.stopTokenIds()).containsExactly(2);
        }
        Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 1, \"eos_token_id\": [7, 2, 9], \"do_sample\": true}");
        try (ModelDirectory m = ModelDirectory.open(dir)) {
            assertThat(m.stopTokenIds()).containsExactly(2, 7, 9);
        }
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": \"</s>\"}");
        assertThatThrownBy(() -> ModelDirectory.open(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("generation_config.json").hasMessageContaining("eos_token_id");
    }
}
