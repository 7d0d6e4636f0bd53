package io.reason4j.model;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny random models written as Hugging Face directories, for tests. */
public final class TestModels {
    private TestModels() {}

    public static ModelConfig llama(int vocab, int hidden, int layers, int heads, int kvHeads, int headDim,
                                    int ffn, boolean tied, RopeScaling scaling) {
        return new ModelConfig(Architecture.LLAMA, vocab, hidden, layers, heads, kvHeads, headDim, ffn, 1e-5,
                10000.0, scaling, tied, false, 512, 1, List.of(2));
    }

    public static ModelConfig qwen2(int vocab, int hidden, int layers, int heads, int kvHeads, int ffn, boolean tied) {
        return new ModelConfig(Architecture.QWEN2, vocab, hidden, layers, heads, kvHeads, hidden / heads, ffn, 1e-6,
                1000000.0, null, tied, true, 512, null, List.of(2));
    }

    /**
     * Every parameter random (norm weights near 1, biases and weights non-zero), so that a wrong
     * bias, norm or head mapping cannot hide behind HF's all-ones / all-zeros initialisation.
     */
    public static DecoderWeights randomWeights(ModelConfig config, boolean valueHead, long seed, Arena arena) {
        DecoderWeights w = DecoderWeights.initialize(config, valueHead, seed, 0.2, arena);
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (WeightLayout.Entry e : WeightLayout.entries(config, valueHead)) {
            if (!e.isNorm() && !e.isBias()) continue;
            MemorySegment s = w.get(e.name());
            for (long i = 0; i < s.byteSize() / 4; i++) {
                float v = (float) (e.isNorm() ? 1 + 0.3 * (r.nextDouble() - 0.5) : 0.2 * (r.nextDouble() - 0.5));
                s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, v);
            }
        }
        return w;
    }

    /** Writes config.json and the weights; shardBytes > 0 writes sharded files. */
    public static Path write(Path dir, DecoderWeights weights, DType dtype, long shardBytes) throws IOException {
        Files.createDirectories(dir);
        weights.config().write(dir.resolve(ModelConfig.FILE_NAME));
        if (shardBytes > 0) {
            SafetensorsWriter.writeSharded(dir, weights.tensors(), dtype, shardBytes);
        } else {
            SafetensorsWriter.write(dir.resolve(SafetensorsReader.SINGLE_FILE), weights.tensors(), dtype, Map.of("format", "pt"));
        }
        return dir;
    }

    public static int[] randomTokens(int vocab, int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) ids[i] = r.nextInt(vocab);
        return ids;
    }

    public static List<int[]> randomSequences(int vocab, int count, int minLength, int maxLength, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(randomTokens(vocab, minLength + r.nextInt(maxLength - minLength + 1), r.nextLong()));
        return out;
    }
}
