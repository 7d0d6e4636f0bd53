package io.reason4j.model;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one tensor lies in a safetensors file, as its header describes it.
 *
 * @param name the tensor's name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype the element type on disk
 * @param shape the dimensions, outermost first (row-major); do not modify
 * @param file the file that holds the data
 * @param dataOffset the byte offset of the first element from the start of the file (header included)
 * @param byteLength the number of bytes of data: elements × {@code dtype.byteSize()}
 */
public record TensorInfo(String name, DType dtype, long[] shape, Path file, long dataOffset,
                         long byteLength) {

    /** The number of elements: the product of the shape (1 for a scalar). */
    public long elementCount() {
        return elementCount(shape);
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && file.equals(t.file)
                && dataOffset == t.dataOffset && byteLength == t.byteLength;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " in " + file
                + " at " + dataOffset + " (" + byteLength + " bytes)";
    }
}
