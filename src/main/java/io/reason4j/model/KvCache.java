package io.reason4j.model;

import io.reason4j.tensor.Attention;
import java.util.Arrays;

/**
 * Keys and values of past positions, per layer and per sequence slot, so that decoding a token
 * costs attention over the cache instead of a forward pass over the whole prefix. A slot holds one
 * sequence. A slot's keys of one layer follow {@link Attention#keyIndex} (blocks of positions, with
 * all kv heads side by side) and its values {@link Attention#valueIndex} (position-major): both
 * keep position order outermost, so the filled part is one contiguous run that attention reads in
 * one pass, and growing a slot keeps everything where it was. Slots grow by doubling and are
 * recycled after {@link #release}.
 */
public final class KvCache {
    private final int layers;
    private final int kvDim;
    private float[][][] keys = new float[0][][];
    private float[][][] values = new float[0][][];
    private int[] lengths = new int[0];
    private int[] capacities = new int[0];
    private boolean[] inUse = new boolean[0];
    private int slots;

    public KvCache(ModelConfig config) {
        this.layers = config.numLayers();
        this.kvDim = config.kvDim();
    }

    /** A fresh, empty slot. */
    public int allocate() {
        for (int s = 0; s < slots; s++) {
            if (!inUse[s]) {
                inUse[s] = true;
                lengths[s] = 0;
                return s;
            }
        }
        if (slots == lengths.length) {
            int n = Math.max(8, slots * 2);
            keys = Arrays.copyOf(keys, n);
            values = Arrays.copyOf(values, n);
            lengths = Arrays.copyOf(lengths, n);
            capacities = Arrays.copyOf(capacities, n);
            inUse = Arrays.copyOf(inUse, n);
        }
        int s = slots++;
        keys[s] = new float[layers][0];
        values[s] = new float[layers][0];
        inUse[s] = true;
        return s;
    }

    /** Returns a slot for reuse; its contents are forgotten (its memory is kept for the next user). */
    public void release(int slot) {
        lengths[slot] = 0;
        inUse[slot] = false;
    }

    /** Number of positions cached for the slot. */
    public int length(int slot) {
        return lengths[slot];
    }

    /** Forgets positions from {@code length} on (e.g. to roll back a rejected continuation). */
    public void truncate(int slot, int length) {
        if (length < 0 || length > lengths[slot]) {
            throw new IllegalArgumentException("cannot truncate slot " + slot + " of length " + lengths[slot] + " to " + length);
        }
        lengths[slot] = length;
    }

    /**
     * Makes room for positions [0, length) without filling them, so that a sequence whose length is
     * known ahead (prompt plus the tokens it may sample) never pays for copies while it grows.
     */
    public void reserve(int slot, int length) {
        if (capacities[slot] < length) resize(slot, Attention.paddedLength(length));
    }

    /** Makes room for positions [0, length) and records that they will be filled. */
    void extend(int slot, int length) {
        int capacity = capacities[slot];
        if (capacity < length) resize(slot, Attention.paddedLength(Math.max(length, Math.max(32, capacity * 2))));
        lengths[slot] = Math.max(lengths[slot], length);
    }

    /** Attention reads keys a block at a time, so a capacity is always a multiple of the block. */
    private void resize(int slot, int capacity) {
        for (int l = 0; l < layers; l++) {
            keys[slot][l] = Arrays.copyOf(keys[slot][l], kvDim * capacity);
            values[slot][l] = Arrays.copyOf(values[slot][l], kvDim * capacity);
        }
        capacities[slot] = capacity;
    }

    float[] keys(int layer, int slot) {
        return keys[slot][layer];
    }

    float[] values(int layer, int slot) {
        return values[slot][layer];
    }
}
