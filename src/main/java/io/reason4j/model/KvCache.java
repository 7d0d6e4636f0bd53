package io.reason4j.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keys and values of past positions, per layer and per sequence slot, so that decoding a token
 * costs attention over the cache instead of a forward pass over the whole prefix. A slot holds one
 * sequence; position t of layer l lives at {@code keys(l, slot)[t * kvDim ...]}. Slots grow by
 * doubling and are recycled after {@link #release}.
 */
public final class KvCache {
    private final int layers;
    private final int kvDim;
    private final List<float[][]> keys = new ArrayList<>();
    private final List<float[][]> values = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();

    public KvCache(ModelConfig config) {
        this.layers = config.numLayers();
        this.kvDim = config.kvDim();
    }

    /** A fresh, empty slot. */
    public int allocate() {
        Integer slot = free.poll();
        if (slot != null) {
            lengths.set(slot, 0);
            return slot;
        }
        keys.add(new float[layers][0]);
        values.add(new float[layers][0]);
        lengths.add(0);
        return lengths.size() - 1;
    }

    /** Returns a slot for reuse; its contents are forgotten. */
    public void release(int slot) {
        lengths.set(slot, 0);
        free.add(slot);
    }

    /** Number of positions cached for the slot. */
    public int length(int slot) {
        return lengths.get(slot);
    }

    /** Forgets positions from {@code length} on (e.g. to roll back a rejected continuation). */
    public void truncate(int slot, int length) {
        if (length < 0 || length > lengths.get(slot)) {
            throw new IllegalArgumentException("cannot truncate slot " + slot + " of length "
                    + lengths.get(slot) + " to " + length);
        }
        lengths.set(slot, length);
    }

    /** Makes room for positions [0, length) and records that they will be filled. */
    void extend(int slot, int length) {
        float[][] k = keys.get(slot), v = values.get(slot);
        int needed = length * kvDim;
        if (k[0].length < needed) {
            int capacity = Math.max(needed, Math.max(16 * kvDim, k[0].length * 2));
            for (int l = 0; l < layers; l++) {
                k[l] = Arrays.copyOf(k[l], capacity);
                v[l] = Arrays.copyOf(v[l], capacity);
            }
        }
        lengths.set(slot, Math.max(lengths.get(slot), length));
    }

    float[] keys(int layer, int slot) {
        return keys.get(slot)[layer];
    }

    float[] values(int layer, int slot) {
        return values.get(slot)[layer];
    }
}
