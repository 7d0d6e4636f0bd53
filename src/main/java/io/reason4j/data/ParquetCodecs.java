package io.reason4j.data;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page decompression for {@link ParquetFile}, without Hadoop. parquet-java's own codec factory
 * ({@code org.apache.parquet.hadoop.CodecFactory}) is built on Hadoop's codec classes and its
 * {@code Configuration}, which we do not ship; this one calls the codec libraries directly:
 * snappy-java and zstd-jni (both already dependencies of parquet-hadoop, with their native code
 * inside the jar) and the JDK's gzip.
 *
 * <p>These are the codecs pyarrow, pandas, polars, DuckDB and Hugging Face datasets write (snappy is
 * pandas' and pyarrow's default, zstd polars'). LZ4, LZ4_RAW, BROTLI and LZO are refused up front by
 * {@link ParquetFile} with a message that says how to rewrite the file.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    static final List<CompressionCodecName> READABLE = List.of(CompressionCodecName.UNCOMPRESSED,
            CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD, CompressionCodecName.GZIP);

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("reason4j reads Parquet files; it does not write them");
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        if (!READABLE.contains(codec)) {
            // ParquetFile checks every column chunk's codec before reading, so this is a bug.
            throw new IllegalStateException("no decompressor for " + codec);
        }
        return new Decompressor(codec);
    }

    @Override
    public void release() {
    }

    private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            byte[] in = bytes.toByteArray();
            byte[] out = switch (codec) {
                case SNAPPY -> {
                    byte[] b = new byte[uncompressedSize];
                    int n = Snappy.uncompress(in, 0, in.length, b, 0);
                    yield checked(b, n, uncompressedSize);
                }
                case ZSTD -> {
                    byte[] b = Zstd.decompress(in, uncompressedSize);
                    yield checked(b, b.length, uncompressedSize);
                }
                case GZIP -> {
                    byte[] b = new byte[uncompressedSize];
                    try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(in))) {
                        int n = gzip.readNBytes(b, 0, b.length);
                        yield checked(b, n, uncompressedSize);
                    }
                }
                default -> throw new IllegalStateException("no decompressor for " + codec);
            };
            return BytesInput.from(out);
        }

        /** The direct-buffer path; parquet-java uses it only with direct buffers, which we never ask for. */
        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            ByteBuffer page = input.slice(input.position(), compressedSize);
            output.put(decompress(BytesInput.from(page), uncompressedSize).toByteBuffer());
        }

        @Override
        public void release() {
        }

        /** A page whose size disagrees with its header is corrupt; parquet-java would misread it. */
        private byte[] checked(byte[] bytes, int size, int expected) throws IOException {
            if (size != expected) {
                throw new IOException("a " + codec + " page decompressed to " + size + " bytes, its header says "
                        + expected);
            }
            return bytes;
        }
    }
}
