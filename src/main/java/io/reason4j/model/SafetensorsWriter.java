package io.reason4j.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes float32 tensors to safetensors files that transformers, vLLM and the {@code safetensors}
 * library load, optionally narrowed to bfloat16 or float16 and split into shards.
 *
 * <p>Every file is written atomically (see {@link AtomicFile}), so a checkpoint interrupted by a
 * crash or a full disk never leaves a truncated file behind under the real name.
 */
public final class SafetensorsWriter {

    /** The conversion buffer: large enough for efficient writes, small enough that no tensor is copied whole. */
    private static final int CHUNK_BYTES = 1 << 20;

    private SafetensorsWriter() {
    }

    /**
     * Writes one safetensors file.
     *
     * @param file the file to create or replace
     * @param tensors the tensors, stored in this order
     * @param dtype the element type on disk; F32 is stored bit for bit, BF16 rounds to nearest even,
     *     F16 rounds as {@link Float#floatToFloat16}
     * @param metadata the {@code __metadata__} strings (transformers expects {@code "format": "pt"});
     *     null or empty for none
     */
    public static void write(Path file, List<NamedTensor> tensors, DType dtype, Map<String, String> metadata) {
        byte[] header = header(tensors, dtype, metadata);
        AtomicFile.write(file, channel -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            AtomicFile.writeFully(channel, length);
            AtomicFile.writeFully(channel, ByteBuffer.wrap(header));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment chunk = arena.allocate(CHUNK_BYTES, 8);
                for (NamedTensor t : tensors) {
                    writeData(channel, t, dtype, chunk);
                }
            }
        });
    }

    /**
     * Writes a model's weights the way transformers' {@code save_pretrained} does: one
     * {@value SafetensorsReader#SINGLE_FILE} if everything fits in {@code maxShardBytes}, otherwise
     * shards {@code model-00001-of-0000N.safetensors} plus {@value SafetensorsReader#INDEX_FILE}.
     * Tensors are packed greedily in order; a tensor larger than the limit gets a shard of its own.
     * A stale index or single file from an earlier save in {@code dir} is removed, since loaders
     * would otherwise pick it over the new weights.
     */
    public static void writeSharded(Path dir, List<NamedTensor> tensors, DType dtype, long maxShardBytes) {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
        }
        List<List<NamedTensor>> shards = new ArrayList<>();
        List<NamedTensor> current = new ArrayList<>();
        long currentBytes = 0;
        for (NamedTensor t : tensors) {
            long bytes = t.elementCount() * dtype.byteSize();
            if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(t);
            currentBytes += bytes;
        }
        shards.add(current);

        Map<String, String> metadata = Map.of("format", "pt");
        Path index = dir.resolve(SafetensorsReader.INDEX_FILE);
        Path single = dir.resolve(SafetensorsReader.SINGLE_FILE);
        if (shards.size() == 1) {
            deleteIfExists(index);
            write(single, tensors, dtype, metadata);
            return;
        }
        Map<String, String> weightMap = new TreeMap<>();
        long totalSize = 0;
        for (int i = 0; i < shards.size(); i++) {
            String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            write(dir.resolve(name), shards.get(i), dtype, metadata);
            for (NamedTensor t : shards.get(i)) {
                weightMap.put(t.name(), name);
                totalSize += t.elementCount() * dtype.byteSize();
            }
        }
        Map<String, Object> indexJson = new LinkedHashMap<>();
        indexJson.put("metadata", Map.of("total_size", totalSize));
        indexJson.put("weight_map", weightMap);
        try {
            byte[] bytes = JsonFields.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(indexJson);
            AtomicFile.write(index, bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        deleteIfExists(single);
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes as the safetensors library does. */
    static byte[] header(List<NamedTensor> tensors, DType dtype, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put("__metadata__", new TreeMap<>(metadata));
        }
        long offset = 0;
        for (NamedTensor t : tensors) {
            if (header.containsKey(t.name())) {
                throw new IllegalArgumentException("tensor name '" + t.name() + "' appears twice");
            }
            long bytes = t.elementCount() * dtype.byteSize();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", dtype.safetensorsName());
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(t.name(), entry);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JsonFields.MAPPER.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void writeData(FileChannel channel, NamedTensor t, DType dtype, MemorySegment chunk)
            throws IOException {
        long count = t.elementCount();
        long perChunk = CHUNK_BYTES / 4;
        for (long i = 0; i < count; i += perChunk) {
            long n = Math.min(perChunk, count - i);
            dtype.encode(t.data(), i * 4, chunk, 0, n);
            AtomicFile.writeFully(channel, chunk.asSlice(0, n * dtype.byteSize()).asByteBuffer());
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new ModelFormatException("cannot delete stale " + file + ": " + e.getMessage(), e);
        }
    }
}
