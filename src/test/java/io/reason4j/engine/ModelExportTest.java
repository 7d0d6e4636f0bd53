package io.reason4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reason4j.model.AdamW;
import io.reason4j.model.DType;
import io.reason4j.model.Decoder;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.KvCache;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.ModelExport;
import io.reason4j.model.ModelFormatException;
import io.reason4j.model.ParameterLayout;
import io.reason4j.model.SafetensorsReader;
import io.reason4j.model.TestModels;
import io.reason4j.model.TrainingCheckpoint;
import io.reason4j.text.TinyTokenizerFixture;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export of a trained model loads as a Hugging Face directory through {@link ModelDirectory#open}. */
class ModelExportTest {

    @TempDir
    Path tmp;

    private static final ModelConfig CONFIG = TestModels.qwen2(TinyTokenizerFixture.VOCAB_SIZE, 24, 2, 4, 2, 28, false);

    /** A source model directory with the tokenizer files, and "trained" parameters that differ from its weights. */
    private Path source() throws IOException {
        Path source = TinyTokenizerFixture.write(tmp.resolve("source"));
        Files.writeString(source.resolve("generation_config.json"), "{\"do_sample\": true, \"temperature\": 0.7}");
        Files.writeString(source.resolve("special_tokens_map.json"), "{\"eos_token\": \"<|im_end|>\"}");
        Files.writeString(source.resolve("README.md"), "not a tokenizer file");
        return source;
    }

    private static float[] trained(ParameterLayout layout) {
        float[] params = layout.copyOf(TestModels.randomWeights(CONFIG, false, 1, Arena.ofAuto()));
        float[] grads = new float[params.length];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < grads.length; i++) grads[i] = (float) r.nextGaussian();
        new AdamW(layout, AdamW.Options.DEFAULTS).step(params, grads, 1e-2);
        return params;
    }

    @Test
    void anExportedCheckpointLoadsWithItsTokenizerAndGivesTheSameLogits() throws IOException {
        Path source = source();
        ParameterLayout layout = ParameterLayout.of(CONFIG, false);
        float[] params = trained(layout);
        Path checkpoint = tmp.resolve("checkpoint-1");
        new TrainingCheckpoint(1, 0, null, List.of(new TrainingCheckpoint.Model("policy", layout, params, null))).write(checkpoint);

        TrainingCheckpoint.Model policy = TrainingCheckpoint.read(checkpoint).model("policy");
        Path export = tmp.resolve("export");
        ModelExport.write(export, policy.layout(), policy.parameters(), source, DType.F32);

        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "generation_config.json", "special_tokens_map.json")) {
            assertThat(export.resolve(f)).as(f).isRegularFile();
        }
        assertThat(export.resolve("README.md")).doesNotExist();
        assertThat(export.resolve("generation_config.json")).hasSameTextualContentAs(source.resolve("generation_config.json"));
        try (ModelDirectory model = ModelDirectory.open(export)) {
            int[] tokens = model.tokenizer().orElseThrow().encode("hello world");
            assertThat(tokens).containsExactly(TinyTokenizerFixture.HELLO, TinyTokenizerFixture.SPACE_WORLD);
            float[] expected = new Decoder(layout.weightsOver(params)).logitsOf(tokens, new KvCache(CONFIG));
            assertThat(model.decoder().logitsOf(tokens, new KvCache(CONFIG))).containsExactly(expected);
            assertThat(model.config()).isEqualTo(CONFIG);
        }
    }

    @Test
    void aBf16ExportRecordsItsDtypeAndWorksWithoutATokenizer() {
        ParameterLayout layout = ParameterLayout.of(CONFIG, false);
        float[] params = trained(layout);
        Path export = tmp.resolve("bf16");
        ModelExport.write(export, layout, params, null, DType.BF16);
        try (SafetensorsReader r = SafetensorsReader.open(export)) {
            assertThat(r.info("lm_head.weight").dtype()).isEqualTo(DType.BF16);
        }
        try (ModelDirectory model = ModelDirectory.open(export)) {
            assertThat(model.tokenizer()).isEmpty();
            DecoderWeights w = model.decoder().weights();
            int i = layout.slot("model.norm.weight").offset();
            float original = params[i];
            assertThat(w.finalNorm().getAtIndex(DType.FLOAT_LE, 0)).isEqualTo(DType.bf16ToFloat(DType.floatToBf16(original)));
        }
    }

    @Test
    void anExportNeverWritesIntoADirectoryThatHoldsSomething() throws IOException {
        ParameterLayout layout = ParameterLayout.of(CONFIG, false);
        float[] params = trained(layout);
        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("mine.txt"), "precious");
        assertThatThrownBy(() -> ModelExport.write(busy, layout, params, null, DType.F32))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("exists and is not empty");
        assertThat(busy.resolve("mine.txt")).hasContent("precious");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        ModelExport.write(empty, layout, params, null, DType.F32);
        assertThat(empty.resolve("model.safetensors")).isRegularFile();

        assertThatThrownBy(() -> ModelExport.write(tmp.resolve("x"), layout, params, tmp.resolve("nowhere"), DType.F32))
                .hasMessageContaining("no such directory");
    }
}
