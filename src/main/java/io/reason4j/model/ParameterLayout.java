package io.reason4j.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every trainable parameter of a decoder in one flat {@code float[]}, carved into views by Hugging
 * Face name (llm.c's layout): gradients and optimizer moments are arrays of the same size and
 * layout, so the optimizer is one flat loop and a tensor is found by name in any of them.
 *
 * <p>A model with a value head also gets the head's bias ({@code score.bias}), zero when the loaded
 * files have none.
 */
public final class ParameterLayout {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /**
     * One tensor's place in the flat array.
     *
     * @param decays whether AdamW's decoupled weight decay applies: matrices and embeddings yes,
     *     norm weights and biases no (the usual exclusion, as in HF Trainer and nanoGPT)
     */
    public record Slot(String name, long[] shape, int offset, int size, boolean decays) {}

    private final ModelConfig config;
    private final boolean valueHead;
    private final List<Slot> slots;
    private final Map<String, Slot> byName = new LinkedHashMap<>();
    private final int size;

    private ParameterLayout(ModelConfig config, boolean valueHead) {
        this.config = config;
        this.valueHead = valueHead;
        List<WeightLayout.Entry> entries = new ArrayList<>(WeightLayout.entries(config, valueHead));
        if (valueHead) entries.add(new WeightLayout.Entry(WeightLayout.VALUE_HEAD_BIAS, new long[] {1}, false, true));
        List<Slot> list = new ArrayList<>();
        long offset = 0;
        for (WeightLayout.Entry e : entries) {
            long n = 1;
            for (long d : e.shape()) n *= d;
            // Views stay 64-byte aligned, so vector loads of a tensor's start never split a cache line.
            offset = (offset + 15) & ~15L;
            Slot s = new Slot(e.name(), e.shape(), (int) offset, (int) n, !e.isNorm() && !e.isBias());
            list.add(s);
            byName.put(s.name(), s);
            offset += n;
            if (offset > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("model too large for one flat parameter array: more than "
                        + Integer.MAX_VALUE + " floats");
            }
        }
        this.slots = Collections.unmodifiableList(list);
        this.size = (int) offset;
    }

    public static ParameterLayout of(ModelConfig config, boolean valueHead) {
        return new ParameterLayout(config, valueHead);
    }

    public ModelConfig config() {
        return config;
    }

    public boolean hasValueHead() {
        return valueHead;
    }

    /** Length of the flat arrays (including alignment padding, which stays zero). */
    public int size() {
        return size;
    }

    /** All tensors in Hugging Face order. */
    public List<Slot> slots() {
        return slots;
    }

    /** The slot of this name, or null when the model has no such tensor. */
    public Slot slot(String name) {
        return byName.get(name);
    }

    /** A new flat array holding a copy of the given weights (a value-head bias they lack is zero). */
    public float[] copyOf(DecoderWeights weights) {
        float[] flat = new float[size];
        for (Slot s : slots) {
            MemorySegment src = weights.get(s.name());
            if (src == null) {
                if (s.name().equals(WeightLayout.VALUE_HEAD_BIAS)) continue;
                throw new IllegalArgumentException("the weights have no tensor " + s.name());
            }
            MemorySegment.copy(src, F, 0, flat, s.offset(), s.size());
        }
        return flat;
    }

    /** Decoder weights whose tensors are views of {@code flat}: writes to the array are seen by the model. */
    public DecoderWeights weightsOver(float[] flat) {
        if (flat.length != size) throw new IllegalArgumentException("flat array has " + flat.length + " floats, layout needs " + size);
        MemorySegment all = MemorySegment.ofArray(flat);
        Map<String, MemorySegment> map = new LinkedHashMap<>();
        for (Slot s : slots) map.put(s.name(), all.asSlice(4L * s.offset(), 4L * s.size()));
        return DecoderWeights.of(config, map);
    }
}
