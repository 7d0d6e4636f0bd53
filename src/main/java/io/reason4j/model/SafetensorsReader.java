package io.reason4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the weights of a Hugging Face model from safetensors files, without copying float32 data.
 *
 * <p>A safetensors file is an 8-byte little-endian header length, a JSON header that gives each
 * tensor's dtype, shape and byte range ({@code data_offsets}, relative to the end of the header),
 * then the raw little-endian data (https://github.com/huggingface/safetensors). Each file is
 * memory-mapped read-only in an arena that this reader owns, so a float32 tensor is a view of the
 * page cache: loading an 8 GB model costs no heap and no copy, and the operating system pages the
 * weights in as the forward pass touches them. bfloat16 and float16 tensors are converted once to
 * float32 copies in the same arena. Everything this reader returns becomes invalid when it is
 * closed.
 *
 * <p>A model directory holds either {@code model.safetensors} or shards named by
 * {@code model.safetensors.index.json}, whose {@code weight_map} maps each tensor to its shard.
 *
 * <p>Safe for concurrent use by several threads until {@link #close()}.
 */
public final class SafetensorsReader implements AutoCloseable {

    /** The single-file weights name that transformers writes and looks for. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The shard index name that transformers writes and looks for. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** The safetensors library refuses headers above 100 MB; a larger length means a foreign or corrupt file. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path source;
    private final Arena arena = Arena.ofShared();
    private final Map<Path, MemorySegment> mappings = new LinkedHashMap<>();
    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    /** Tensors whose dtype reason4j does not handle, kept so that asking for one gives a clear error. */
    private final Map<String, String> unsupported = new LinkedHashMap<>();
    private final Map<String, MemorySegment> converted = new ConcurrentHashMap<>();

    private SafetensorsReader(Path source) {
        this.source = source;
    }

    /**
     * Opens a model's weights.
     *
     * @param path a model directory (with {@value #INDEX_FILE} or {@value #SINGLE_FILE}) or one
     *     {@code .safetensors} file
     * @throws ModelFormatException if no weights are found or a file is malformed
     */
    public static SafetensorsReader open(Path path) {
        SafetensorsReader reader = new SafetensorsReader(path);
        try {
            if (Files.isRegularFile(path)) {
                reader.readFile(path);
            } else if (!Files.exists(path)) {
                throw new ModelFormatException("no model weights at " + path + ": no such file or directory");
            } else if (!Files.isDirectory(path)) {
                throw new ModelFormatException("no model weights at " + path
                        + ": it is neither a directory nor a .safetensors file");
            } else if (Files.isRegularFile(path.resolve(INDEX_FILE))) {
                reader.readSharded(path.resolve(INDEX_FILE));
            } else if (Files.isRegularFile(path.resolve(SINGLE_FILE))) {
                reader.readFile(path.resolve(SINGLE_FILE));
            } else {
                throw new ModelFormatException("no safetensors weights in " + path + ": looked for "
                        + INDEX_FILE + " and " + SINGLE_FILE);
            }
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The directory or file this reader was opened on. */
    public Path source() {
        return source;
    }

    /** The names of all readable tensors, in file order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    /** Whether a readable tensor of this name exists. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * Where a tensor lies.
     *
     * @throws ModelFormatException if it is missing or of an unsupported dtype
     */
    public TensorInfo info(String name) {
        TensorInfo t = tensors.get(name);
        if (t != null) {
            return t;
        }
        String dtype = unsupported.get(name);
        if (dtype != null) {
            throw new ModelFormatException("tensor '" + name + "' in " + dtype
                    + ", which reason4j does not support; supported are F32, BF16 and F16");
        }
        throw new ModelFormatException("missing tensor '" + name + "' in " + source);
    }

    /**
     * A tensor as little-endian float32 values, to be read with {@link DType#FLOAT_LE} (the same
     * as {@link ValueLayout#JAVA_FLOAT_UNALIGNED} on little-endian machines). F32 data is a
     * read-only slice of the file mapping, not a copy; BF16 and F16 data is converted once into a
     * copy owned by this reader. Valid until {@link #close()}.
     *
     * @param expectedShape the shape the caller needs; pass none to skip the check
     * @throws ModelFormatException if the tensor is missing, has another shape, or an unsupported dtype
     */
    public MemorySegment f32(String name, long... expectedShape) {
        TensorInfo t = info(name);
        if (expectedShape.length > 0 && !Arrays.equals(t.shape(), expectedShape)) {
            throw new ModelFormatException("tensor '" + name + "' in " + t.file() + " has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expectedShape));
        }
        MemorySegment bytes = mappings.get(t.file()).asSlice(t.dataOffset(), t.byteLength());
        if (t.dtype() == DType.F32) {
            return bytes;
        }
        return converted.computeIfAbsent(name, n -> {
            MemorySegment out = arena.allocate(t.elementCount() * 4, 4);
            t.dtype().decode(bytes, 0, out, 0, t.elementCount());
            return out.asReadOnly();
        });
    }

    /** Unmaps the files and frees converted copies; segments returned earlier become unusable. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    private void readSharded(Path index) {
        JsonFields json = JsonFields.read(index);
        JsonFields weightMap = json.optObject("weight_map");
        if (weightMap == null) {
            json.requirePresent("weight_map");
        }
        Map<String, Path> shardOf = new LinkedHashMap<>();
        Set<Path> shards = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : weightMap.node().properties()) {
            weightMap.requirePresent(e.getKey());
            String shardName = weightMap.optString(e.getKey());
            Path shard = index.resolveSibling(shardName);
            if (!Files.isRegularFile(shard)) {
                throw new ModelFormatException(index + ": weight_map puts tensor '" + e.getKey()
                        + "' in " + shardName + ", but " + shard + " does not exist");
            }
            shardOf.put(e.getKey(), shard);
            shards.add(shard);
        }
        for (Path shard : shards) {
            readFile(shard);
        }
        for (Map.Entry<String, Path> e : shardOf.entrySet()) {
            TensorInfo t = tensors.get(e.getKey());
            boolean found = t != null ? t.file().equals(e.getValue()) : unsupported.containsKey(e.getKey());
            if (!found) {
                throw new ModelFormatException(index + ": weight_map puts tensor '" + e.getKey()
                        + "' in " + e.getValue().getFileName() + ", but that file has no such tensor");
            }
        }
    }

    private void readFile(Path file) {
        MemorySegment map;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        mappings.put(file, map);

        long size = map.byteSize();
        if (size < 8) {
            throw new ModelFormatException(file + ": only " + size + " bytes, too short for a safetensors"
                    + " file (the header length alone takes 8); the file is probably truncated");
        }
        long headerLength = map.get(LONG_LE, 0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new ModelFormatException(file + ": header length is " + Long.toUnsignedString(headerLength)
                    + " bytes, expected 2 to " + MAX_HEADER_BYTES + "; this is not a safetensors file");
        }
        if (8 + headerLength > size) {
            throw new ModelFormatException(file + ": header length is " + headerLength + " bytes but only "
                    + (size - 8) + " bytes follow; the file is probably truncated");
        }
        byte[] headerBytes = map.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
        JsonFields header = JsonFields.parse(headerBytes, file, "safetensors header JSON");
        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;

        for (Map.Entry<String, JsonNode> e : header.node().properties()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            if (tensors.containsKey(name) || unsupported.containsKey(name)) {
                throw new ModelFormatException(file + ": tensor '" + name + "' appears in more than one file");
            }
            JsonFields entry = header.optObject(name);
            if (entry == null) {
                throw header.wrongType(name, "an object with dtype, shape and data_offsets", e.getValue());
            }
            entry.requirePresent("dtype");
            String dtypeName = entry.optString("dtype");
            long[] shape = entry.requireLongList("shape");
            long[] offsets = entry.requireLongList("data_offsets");
            if (offsets.length != 2 || offsets[0] > offsets[1]) {
                throw new ModelFormatException(file + ": tensor '" + name + "' has data_offsets "
                        + Arrays.toString(offsets) + ", expected [begin, end] with begin <= end");
            }
            if (offsets[1] > dataSize) {
                throw new ModelFormatException(file + ": tensor '" + name + "' has data_offsets "
                        + Arrays.toString(offsets) + " but the data section has only " + dataSize
                        + " bytes; the file is probably truncated");
            }
            DType dtype = DType.ofSafetensorsName(dtypeName).orElse(null);
            if (dtype == null) {
                unsupported.put(name, file + " has dtype " + dtypeName);
                continue;
            }
            long length = offsets[1] - offsets[0];
            if (length != byteLength(shape, dtype)) {
                throw new ModelFormatException(file + ": tensor '" + name + "' of shape "
                        + Arrays.toString(shape) + " and dtype " + dtypeName + " needs "
                        + byteLength(shape, dtype) + " bytes, but its data_offsets "
                        + Arrays.toString(offsets) + " span " + length);
            }
            tensors.put(name, new TensorInfo(name, dtype, shape, file, dataStart + offsets[0], length));
        }
    }

    /** Bytes that a tensor of this shape needs, or -1 if that overflows a long. */
    private static long byteLength(long[] shape, DType dtype) {
        try {
            return Math.multiplyExact(TensorInfo.elementCount(shape), dtype.byteSize());
        } catch (ArithmeticException overflow) {
            return -1;
        }
    }
}
