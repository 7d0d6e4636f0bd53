package io.reason4j.model;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A float32 tensor to be written to a safetensors file.
 *
 * @param name the tensor's name in the file, e.g. {@code lm_head.weight}
 * @param shape the dimensions, outermost first (row-major)
 * @param data the elements as little-endian floats ({@link DType#FLOAT_LE}), exactly
 *     product(shape) × 4 bytes
 */
public record NamedTensor(String name, long[] shape, MemorySegment data) {

    public NamedTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name is empty");
        }
        shape = shape.clone();
        long expected = Math.multiplyExact(TensorInfo.elementCount(shape), 4L);
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + ", which needs " + expected + " bytes of float32, but its data has " + data.byteSize());
        }
    }

    /** The number of elements. */
    public long elementCount() {
        return TensorInfo.elementCount(shape);
    }

    @Override
    public String toString() {
        return "NamedTensor[" + name + " " + Arrays.toString(shape) + "]";
    }
}
