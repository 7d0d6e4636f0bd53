package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our decoder against an independent implementation of the Hugging Face architecture (numpy, float64,
 * src/test/python/reference_decoder.py), on random tiny models of both families.
 */
class DecoderParityTest {
    @TempDir Path dir;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("qwen2 GQA tied F32", TestModels.qwen2(96, 64, 2, 4, 2, 80, true), DType.F32, 0L, false),
                Arguments.of("qwen2 untied BF16 sharded", TestModels.qwen2(96, 64, 2, 4, 1, 80, false), DType.BF16, 40_000L, false),
                Arguments.of("llama MHA untied F32 value head", TestModels.llama(80, 48, 3, 4, 4, 12, 72, false, null), DType.F32, 0L, true),
                Arguments.of("llama GQA tied F16", TestModels.llama(80, 48, 2, 4, 2, 12, 72, true, null), DType.F16, 0L, false),
                Arguments.of("llama3 rope scaling, head_dim != hidden/heads",
                        TestModels.llama(70, 40, 2, 4, 1, 16, 56, false, RopeScaling.llama3(8, 1, 4, 32)), DType.F32, 0L, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void logprobsMatchTheReference(String name, ModelConfig config, DType dtype, long shardBytes, boolean valueHead) throws Exception {
        Path modelDir;
        try (Arena arena = Arena.ofConfined()) {
            modelDir = TestModels.write(dir.resolve("m"), TestModels.randomWeights(config, valueHead, 42, arena), dtype, shardBytes);
        }
        List<int[]> sequences = TestModels.randomSequences(config.vocabSize(), 3, 1, 60, 7);
        JsonNode reference = ReferenceDecoder.score(modelDir, sequences);
        try (SafetensorsReader reader = SafetensorsReader.open(modelDir)) {
            DecoderWeights weights = DecoderWeights.load(ModelConfig.read(modelDir.resolve("config.json")), reader);
            // F32 weights are used where they lie in the mapped file; only BF16/F16 are converted.
            for (NamedTensor t : weights.tensors()) assertThat(t.data().isMapped()).as(t.name()).isEqualTo(dtype == DType.F32);
            Decoder decoder = new Decoder(weights);
            KvCache cache = new KvCache(config);
            int vocab = config.vocabSize();
            double worst = 0;
            for (int s = 0; s < sequences.size(); s++) {
                int[] ids = sequences.get(s);
                float[] logits = decoder.logitsOf(ids, cache);
                JsonNode rows = reference.get(s).get("logprobs");
                assertThat(rows.size()).isEqualTo(ids.length);
                for (int t = 0; t < ids.length; t++) {
                    double[] ours = new double[vocab];
                    io.reason4j.tensor.LogSoftmax.forward(logits, t * vocab, vocab, ours, 0);
                    for (int v = 0; v < vocab; v++) worst = Math.max(worst, Math.abs(ours[v] - rows.get(t).get(v).asDouble()));
                }
                if (valueHead) {
                    int[] slots = new int[ids.length], positions = new int[ids.length];
                    int slot = cache.allocate();
                    java.util.Arrays.fill(slots, slot);
                    for (int t = 0; t < ids.length; t++) positions[t] = t;
                    float[] values = new float[ids.length];
                    decoder.forward(ids, slots, positions, ids.length, cache, null, new float[ids.length * vocab], values);
                    cache.release(slot);
                    for (int t = 0; t < ids.length; t++) {
                        assertThat((double) values[t]).isCloseTo(reference.get(s).get("values").get(t).asDouble(),
                                org.assertj.core.data.Offset.offset(1e-4));
                    }
                }
            }
            assertThat(worst).as("max |Δ log-prob| vs the reference").isLessThan(1e-4);
        }
    }
}
