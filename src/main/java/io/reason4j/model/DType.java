package io.reason4j.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Element types of weights in safetensors files that reason4j reads and writes.
 *
 * <p>reason4j computes in float32; bfloat16 and float16 exist only on disk, and are converted
 * when a file is read or written. Safetensors stores every value little-endian.
 */
public enum DType {
    F32("F32", 4, "float32"),
    BF16("BF16", 2, "bfloat16"),
    F16("F16", 2, "float16");

    /**
     * A float as stored in safetensors: little-endian, at any alignment (safetensors does not
     * promise that tensor data is 4-byte aligned). On x86 and ARM this is the same as
     * {@link ValueLayout#JAVA_FLOAT_UNALIGNED}.
     */
    public static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final ValueLayout.OfShort SHORT_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String safetensorsName;
    private final int byteSize;
    private final String torchName;

    DType(String safetensorsName, int byteSize, String torchName) {
        this.safetensorsName = safetensorsName;
        this.byteSize = byteSize;
        this.torchName = torchName;
    }

    /** The {@code dtype} string in a safetensors header, e.g. {@code BF16}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The {@code torch_dtype} string in config.json, e.g. {@code bfloat16}. */
    public String torchName() {
        return torchName;
    }

    /** The type with this safetensors name, or empty for types reason4j does not handle (I64, F64, ...). */
    public static Optional<DType> ofSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** A bfloat16 widened to float: bfloat16 is the top half of a float32, so this is exact. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * A float narrowed to bfloat16 with round-to-nearest-even, as PyTorch does; NaN stays a
     * (quiet) NaN with its sign rather than rounding into infinity.
     */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /**
     * Reads {@code count} elements of this type from {@code src} (at byte {@code srcOffset}) and
     * writes them as little-endian floats to {@code dst} (at byte {@code dstOffset}).
     */
    void decode(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long count) {
        switch (this) {
            case F32 -> MemorySegment.copy(src, srcOffset, dst, dstOffset, count * 4);
            case BF16 -> {
                for (long i = 0; i < count; i++) {
                    short h = src.get(SHORT_LE, srcOffset + 2 * i);
                    dst.set(FLOAT_LE, dstOffset + 4 * i, bf16ToFloat(h));
                }
            }
            case F16 -> {
                for (long i = 0; i < count; i++) {
                    short h = src.get(SHORT_LE, srcOffset + 2 * i);
                    dst.set(FLOAT_LE, dstOffset + 4 * i, Float.float16ToFloat(h));
                }
            }
        }
    }

    /**
     * Reads {@code count} little-endian floats from {@code src} (at byte {@code srcOffset}) and
     * writes them in this type to {@code dst} (at byte {@code dstOffset}). F32 is copied bit for bit.
     */
    void encode(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long count) {
        switch (this) {
            case F32 -> MemorySegment.copy(src, srcOffset, dst, dstOffset, count * 4);
            case BF16 -> {
                for (long i = 0; i < count; i++) {
                    float f = src.get(FLOAT_LE, srcOffset + 4 * i);
                    dst.set(SHORT_LE, dstOffset + 2 * i, floatToBf16(f));
                }
            }
            case F16 -> {
                for (long i = 0; i < count; i++) {
                    float f = src.get(FLOAT_LE, srcOffset + 4 * i);
                    dst.set(SHORT_LE, dstOffset + 2 * i, Float.floatToFloat16(f));
                }
            }
        }
    }
}
