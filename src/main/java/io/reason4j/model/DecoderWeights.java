package io.reason4j.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of a decoder, by Hugging Face name, each a segment of little-endian float32.
 * Loaded weights are views of the memory-mapped safetensors files (F32) or of their one-time F32
 * conversion (BF16/F16); freshly initialised weights live in one contiguous block carved into views.
 */
public final class DecoderWeights {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** The weights of one transformer block. Biases are null when the architecture has none. */
    public record Layer(MemorySegment inputNorm, MemorySegment wq, MemorySegment bq, MemorySegment wk,
                        MemorySegment bk, MemorySegment wv, MemorySegment bv, MemorySegment wo,
                        MemorySegment bo, MemorySegment postNorm, MemorySegment gate, MemorySegment up,
                        MemorySegment down) {}

    private final ModelConfig config;
    private final Map<String, MemorySegment> byName;
    private final List<Layer> layers = new ArrayList<>();

    private DecoderWeights(ModelConfig config, Map<String, MemorySegment> byName) {
        this.config = config;
        this.byName = byName;
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(new Layer(get(WeightLayout.layer(i, "input_layernorm.weight")),
                    get(WeightLayout.layer(i, "self_attn.q_proj.weight")), get(WeightLayout.layer(i, "self_attn.q_proj.bias")),
                    get(WeightLayout.layer(i, "self_attn.k_proj.weight")), get(WeightLayout.layer(i, "self_attn.k_proj.bias")),
                    get(WeightLayout.layer(i, "self_attn.v_proj.weight")), get(WeightLayout.layer(i, "self_attn.v_proj.bias")),
                    get(WeightLayout.layer(i, "self_attn.o_proj.weight")), get(WeightLayout.layer(i, "self_attn.o_proj.bias")),
                    get(WeightLayout.layer(i, "post_attention_layernorm.weight")),
                    get(WeightLayout.layer(i, "mlp.gate_proj.weight")), get(WeightLayout.layer(i, "mlp.up_proj.weight")),
                    get(WeightLayout.layer(i, "mlp.down_proj.weight"))));
        }
    }

    /** Weights over tensors the caller already holds, by HF name (see {@link ParameterLayout#weightsOver}). */
    static DecoderWeights of(ModelConfig config, Map<String, MemorySegment> byName) {
        return new DecoderWeights(config, byName);
    }

    /**
     * Takes every tensor the config calls for from the reader, checking shapes. A value head is
     * loaded when the files have one. Tensors the config does not use (e.g. rotary caches some
     * exporters write) are ignored.
     */
    public static DecoderWeights load(ModelConfig config, SafetensorsReader reader) {
        boolean valueHead = reader.contains(WeightLayout.VALUE_HEAD);
        Map<String, MemorySegment> map = new LinkedHashMap<>();
        for (WeightLayout.Entry e : WeightLayout.entries(config, valueHead)) {
            map.put(e.name(), reader.f32(e.name(), e.shape()));
        }
        if (valueHead && reader.contains(WeightLayout.VALUE_HEAD_BIAS)) {
            map.put(WeightLayout.VALUE_HEAD_BIAS, reader.f32(WeightLayout.VALUE_HEAD_BIAS, 1));
        }
        return new DecoderWeights(config, map);
    }

    /**
     * Random initialisation as Hugging Face does for these models: weights ~ N(0, std), biases 0,
     * norm weights 1. Deterministic for a seed. All parameters share one contiguous block.
     */
    public static DecoderWeights initialize(ModelConfig config, boolean valueHead, long seed, double std, Arena arena) {
        List<WeightLayout.Entry> entries = WeightLayout.entries(config, valueHead);
        long total = 0;
        for (WeightLayout.Entry e : entries) total += count(e.shape());
        MemorySegment block = arena.allocate(total * 4, 64);
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, MemorySegment> map = new LinkedHashMap<>();
        long offset = 0;
        for (WeightLayout.Entry e : entries) {
            long n = count(e.shape());
            MemorySegment view = block.asSlice(offset * 4, n * 4);
            for (long i = 0; i < n; i++) {
                float v = e.isNorm() ? 1f : e.isBias() ? 0f : (float) (gaussian(random) * std);
                view.setAtIndex(F, i, v);
            }
            map.put(e.name(), view);
            offset += n;
        }
        return new DecoderWeights(config, map);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian of its own that is stable across JDKs.
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }

    public ModelConfig config() {
        return config;
    }

    /** The tensor of this HF name, or null when the model has none. */
    public MemorySegment get(String name) {
        return byName.get(name);
    }

    /** All tensors in HF order, with their shapes, ready to be written as safetensors. */
    public List<NamedTensor> tensors() {
        List<NamedTensor> out = new ArrayList<>();
        boolean valueHead = byName.containsKey(WeightLayout.VALUE_HEAD);
        for (WeightLayout.Entry e : WeightLayout.entries(config, valueHead)) {
            out.add(new NamedTensor(e.name(), e.shape(), byName.get(e.name())));
        }
        if (byName.containsKey(WeightLayout.VALUE_HEAD_BIAS)) {
            out.add(new NamedTensor(WeightLayout.VALUE_HEAD_BIAS, new long[] {1}, byName.get(WeightLayout.VALUE_HEAD_BIAS)));
        }
        return out;
    }

    public Layer layer(int i) {
        return layers.get(i);
    }

    public MemorySegment embedding() {
        return byName.get("model.embed_tokens.weight");
    }

    public MemorySegment finalNorm() {
        return byName.get("model.norm.weight");
    }

    /** The output projection: the embedding matrix itself when tie_word_embeddings is set. */
    public MemorySegment lmHead() {
        return config.tieWordEmbeddings() ? embedding() : byName.get("lm_head.weight");
    }

    /** The value head's weight (1 × hidden), or null. */
    public MemorySegment valueHead() {
        return byName.get(WeightLayout.VALUE_HEAD);
    }

    public MemorySegment valueHeadBias() {
        return byName.get(WeightLayout.VALUE_HEAD_BIAS);
    }
}
