package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigIoTest {

    @TempDir
    Path dir;

    /** Meta-Llama-3.1-8B-Instruct's config.json, as transformers wrote it. */
    static final String LLAMA_3_1 = """
            {
              "architectures": [
                "LlamaForCausalLM"
              ],
              "attention_bias": false,
              "attention_dropout": 0.0,
              "bos_token_id": 128000,
              "eos_token_id": [
                128001,
                128008,
                128009
              ],
              "hidden_act": "silu",
              "hidden_size": 4096,
              "initializer_range": 0.02,
              "intermediate_size": 14336,
              "max_position_embeddings": 131072,
              "mlp_bias": false,
              "model_type": "llama",
              "num_attention_heads": 32,
              "num_hidden_layers": 32,
              "num_key_value_heads": 8,
              "pretraining_tp": 1,
              "rms_norm_eps": 1e-05,
              "rope_scaling": {
                "factor": 8.0,
                "low_freq_factor": 1.0,
                "high_freq_factor": 4.0,
                "original_max_position_embeddings": 8192,
                "rope_type": "llama3"
              },
              "rope_theta": 500000.0,
              "tie_word_embeddings": false,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.43.0.dev0",
              "use_cache": true,
              "vocab_size": 128256
            }
            """;

    /** Qwen2.5-0.5B-Instruct's config.json, as transformers wrote it. */
    static final String QWEN_2_5 = """
            {
              "architectures": [
                "Qwen2ForCausalLM"
              ],
              "attention_dropout": 0.0,
              "bos_token_id": 151643,
              "eos_token_id": 151645,
              "hidden_act": "silu",
              "hidden_size": 896,
              "initializer_range": 0.02,
              "intermediate_size": 4864,
              "max_position_embeddings": 32768,
              "max_window_layers": 21,
              "model_type": "qwen2",
              "num_attention_heads": 14,
              "num_hidden_layers": 24,
              "num_key_value_heads": 2,
              "rms_norm_eps": 1e-06,
              "rope_theta": 1000000.0,
              "sliding_window": 32768,
              "tie_word_embeddings": true,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.43.1",
              "use_cache": true,
              "use_sliding_window": false,
              "vocab_size": 151936
            }
            """;

    private Path config(String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsLlama31() throws IOException {
        ModelConfig c = ModelConfig.read(config(LLAMA_3_1));
        assertThat(c.architecture()).isEqualTo(Architecture.LLAMA);
        assertThat(c.vocabSize()).isEqualTo(128256);
        assertThat(c.hiddenSize()).isEqualTo(4096);
        assertThat(c.numLayers()).isEqualTo(32);
        assertThat(c.numHeads()).isEqualTo(32);
        assertThat(c.numKvHeads()).isEqualTo(8);
        assertThat(c.headDim()).isEqualTo(128);
        assertThat(c.qDim()).isEqualTo(4096);
        assertThat(c.kvDim()).isEqualTo(1024);
        assertThat(c.intermediateSize()).isEqualTo(14336);
        assertThat(c.rmsNormEps()).isEqualTo(1e-5);
        assertThat(c.ropeTheta()).isEqualTo(500000.0);
        assertThat(c.ropeScaling()).isEqualTo(RopeScaling.llama3(8.0, 1.0, 4.0, 8192));
        assertThat(c.tieWordEmbeddings()).isFalse();
        assertThat(c.attentionBias()).isFalse();
        assertThat(c.maxPositionEmbeddings()).isEqualTo(131072);
        assertThat(c.bosTokenId()).isEqualTo(128000);
        assertThat(c.eosTokenIds()).containsExactly(128001, 128008, 128009);
    }

    @Test
    void readsQwen25() throws IOException {
        ModelConfig c = ModelConfig.read(config(QWEN_2_5));
        assertThat(c.architecture()).isEqualTo(Architecture.QWEN2);
        assertThat(c.headDim()).isEqualTo(64);
        assertThat(c.numKvHeads()).isEqualTo(2);
        assertThat(c.kvDim()).isEqualTo(128);
        assertThat(c.ropeScaling()).isNull();
        assertThat(c.tieWordEmbeddings()).isTrue();
        assertThat(c.attentionBias()).isTrue();          // Qwen2 always has q/k/v biases
        assertThat(c.rmsNormEps()).isEqualTo(1e-6);
        assertThat(c.eosTokenIds()).containsExactly(151645);
    }

    @Test
    void defaults() throws IOException {
        ModelConfig c = ModelConfig.read(config("""
                {"architectures": ["LlamaForCausalLM"], "vocab_size": 100, "hidden_size": 64,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128,
                 "head_dim": null, "rope_scaling": null, "eos_token_id": null, "some_future_key": [1, 2]}
                """));
        assertThat(c.numKvHeads()).isEqualTo(4);
        assertThat(c.headDim()).isEqualTo(16);
        assertThat(c.rmsNormEps()).isEqualTo(1e-6);
        assertThat(c.ropeTheta()).isEqualTo(10000.0);
        assertThat(c.ropeScaling()).isNull();
        assertThat(c.tieWordEmbeddings()).isFalse();
        assertThat(c.attentionBias()).isFalse();
        assertThat(c.maxPositionEmbeddings()).isEqualTo(2048);
        assertThat(c.bosTokenId()).isNull();
        assertThat(c.eosTokenIds()).isEmpty();
    }

    @Test
    void architectureFromModelTypeWhenListIsAbsent() throws IOException {
        ModelConfig c = ModelConfig.read(config("""
                {"model_type": "qwen2", "vocab_size": 100, "hidden_size": 64, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 32, "intermediate_size": 128,
                 "rope_scaling": {"rope_type": "default"}}
                """));
        assertThat(c.architecture()).isEqualTo(Architecture.QWEN2);
        assertThat(c.headDim()).isEqualTo(32);
        assertThat(c.qDim()).isEqualTo(128);
        assertThat(c.ropeScaling()).isNull();
    }

    @Test
    void readsTransformers5RopeParameters() throws IOException {
        ModelConfig c = ModelConfig.read(config(LLAMA_3_1
                .replace("\"rope_scaling\"", "\"rope_parameters\"")
                .replace("\"rope_type\": \"llama3\"", "\"rope_type\": \"llama3\", \"rope_theta\": 250000.0")));
        assertThat(c.ropeTheta()).isEqualTo(250000.0);
        assertThat(c.ropeScaling()).isEqualTo(RopeScaling.llama3(8.0, 1.0, 4.0, 8192));
    }

    @Test
    void writeThenReadGivesTheSameConfig() throws IOException {
        ModelConfig llama = ModelConfig.read(config(LLAMA_3_1));
        Path out = dir.resolve("out").resolve("config.json");
        llama.write(out, DType.BF16);
        assertThat(ModelConfig.read(out)).isEqualTo(llama);
        String text = Files.readString(out);
        assertThat(text).contains("\"torch_dtype\": \"bfloat16\"", "\"hidden_act\": \"silu\"",
                "\"rope_type\": \"llama3\"", "\"architectures\"");

        ModelConfig qwen = ModelConfig.read(config(QWEN_2_5));
        qwen.write(out);
        assertThat(ModelConfig.read(out)).isEqualTo(qwen);
        assertThat(Files.readString(out)).contains("\"torch_dtype\": \"float32\"", "\"eos_token_id\": 151645");

        ModelConfig linear = new ModelConfig(Architecture.LLAMA, 10, 8, 1, 2, 1, 4, 16, 1e-5, 1e4,
                RopeScaling.linear(2.0), true, true, 64, null, List.of());
        linear.write(out);
        assertThat(ModelConfig.read(out)).isEqualTo(linear);
        try (var files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out);   // no temporary file left behind
        }
    }

    @Test
    void missingKeyNamesFileAndKey() throws IOException {
        Path file = config(LLAMA_3_1.replace("\"intermediate_size\": 14336,", ""));
        assertThatThrownBy(() -> ModelConfig.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(file + ": missing key 'intermediate_size'");
    }

    @Test
    void wrongTypeNamesKeyAndExpectedType() throws IOException {
        Path file = config(LLAMA_3_1.replace("\"hidden_size\": 4096", "\"hidden_size\": \"4096\""));
        assertThatThrownBy(() -> ModelConfig.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'hidden_size' must be an integer, found \"4096\" (a string)");

        Path nested = config(LLAMA_3_1.replace("\"factor\": 8.0", "\"factor\": \"8\""));
        assertThatThrownBy(() -> ModelConfig.read(nested))
                .hasMessageContaining("'rope_scaling.factor' must be a number");
    }

    @Test
    void malformedJsonGivesLineAndColumn() throws IOException {
        Path file = config("{\n  \"vocab_size\": 10,\n  \"hidden_size\": 4096\n  \"x\": 1\n}");
        assertThatThrownBy(() -> ModelConfig.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(file + ": malformed JSON at line 4, column");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope").resolve("config.json");
        assertThatThrownBy(() -> ModelConfig.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("file not found: " + file);
    }

    @Test
    void unsupportedArchitectureListsSupportedOnes() throws IOException {
        Path file = config(LLAMA_3_1.replace("LlamaForCausalLM", "MistralForCausalLM")
                .replace("\"model_type\": \"llama\"", "\"model_type\": \"mistral\""));
        assertThatThrownBy(() -> ModelConfig.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("MistralForCausalLM")
                .hasMessageContaining("LlamaForCausalLM")
                .hasMessageContaining("Qwen2ForCausalLM");
    }

    @Test
    void headsNotDivisibleByKvHeadsIsRefused() throws IOException {
        Path file = config(LLAMA_3_1.replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 5"));
        assertThatThrownBy(() -> ModelConfig.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(file + ": num_attention_heads (32) must be a multiple of num_key_value_heads (5)");
    }

    @Test
    void nonPositiveSizeIsRefused() throws IOException {
        Path file = config(LLAMA_3_1.replace("\"num_hidden_layers\": 32", "\"num_hidden_layers\": 0"));
        assertThatThrownBy(() -> ModelConfig.read(file))
                .hasMessage(file + ": num_hidden_layers must be positive, found 0");
    }

    @Test
    void unsupportedRopeTypeIsRefused() throws IOException {
        Path file = config(LLAMA_3_1.replace("\"rope_type\": \"llama3\"", "\"rope_type\": \"yarn\""));
        assertThatThrownBy(() -> ModelConfig.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'rope_scaling.rope_type' is 'yarn'")
                .hasMessageContaining("'linear' and 'llama3'");
    }

    @Test
    void slidingWindowAttentionIsRefused() throws IOException {
        Path file = config(QWEN_2_5.replace("\"use_sliding_window\": false", "\"use_sliding_window\": true"));
        assertThatThrownBy(() -> ModelConfig.read(file))
                .hasMessageContaining("use_sliding_window");
    }

    @Test
    void llama3InverseFrequenciesMatchNumpy() throws IOException {
        // Computed with numpy in float64, vectorised as transformers' _compute_llama3_parameters:
        //   inv = 1/500000**(arange(0,128,2)/128); wl = 2*pi/inv
        //   out = where(wl > 8192/1, inv/8, inv); s = (8192/wl - 1)/(4 - 1)
        //   out = where((wl >= 8192/4) & (wl <= 8192/1), (1-s)*out/8 + s*out, out)
        // Indices 0..28 are high frequency (kept), 29..34 blended, 35..63 low frequency (divided).
        double[] inv = ModelConfig.read(config(LLAMA_3_1)).ropeInverseFrequencies();
        assertThat(inv).hasSize(64);
        double[][] expected = {
            {0, 1.0},
            {1, 0.8146172338565447},
            {20, 0.016560440080994446},
            {28, 0.0032114459947525913},
            {29, 0.002166570763503359},
            {30, 0.0013718935677611381},
            {31, 0.0008567514129196324},
            {32, 0.0005248461609929547},
            {33, 0.00031269375038406517},
            {34, 0.00017850781276799638},
            {35, 9.556212353964683e-05},
            {40, 3.428102195952591e-05},
            {46, 1.0017868402809974e-05},
            {63, 3.068925988914511e-07},
        };
        for (double[] e : expected) {
            int i = (int) e[0];
            assertThat(inv[i]).as("inv_freq[%d]", i).isCloseTo(e[1], within(e[1] * 1e-12));
        }
    }

    @Test
    void linearAndPlainInverseFrequencies() {
        // 1 / 10000^(10/64) / 4 from numpy
        double[] linear = RopeScaling.linear(4.0).inverseFrequencies(64, 10000);
        assertThat(linear[5]).isCloseTo(0.059284342641541386, within(1e-15));
        double[] plain = RopeScaling.baseInverseFrequencies(64, 10000);
        assertThat(plain[0]).isEqualTo(1.0);
        assertThat(plain[5]).isCloseTo(4 * 0.059284342641541386, within(1e-15));
    }
}
