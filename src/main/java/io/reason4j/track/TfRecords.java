package io.reason4j.track;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files (TensorFlow's
 * {@code core/lib/io/record_writer.cc}): each record is
 * {@code uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)}, little-endian.
 * The CRC is masked because a CRC of data that itself holds CRCs is weak (TensorFlow's
 * {@code crc32c::Mask}: rotate right by 15 bits and add a constant).
 */
public final class TfRecords {
    private static final int MASK_DELTA = 0xa282ead8;
    /** Bytes of framing around the data: length, its CRC, and the data's CRC. */
    static final int OVERHEAD = 8 + 4 + 4;

    private TfRecords() {}

    /** One record's bytes: the data framed with its length and both checksums. */
    public static byte[] frame(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(OVERHEAD + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length);
        b.putInt(maskedCrc32c(b.array(), 0, 8));
        b.put(data);
        b.putInt(maskedCrc32c(data, 0, data.length));
        return b.array();
    }

    /** TensorFlow's masked CRC32C (Castagnoli) of {@code bytes[offset, offset + length)}. */
    public static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /**
     * A record read back: its data and the byte offset where its framing starts.
     *
     * @param offset where the record starts in the file
     * @param data   the record's payload
     */
    public record Record(long offset, byte[] data) {}

    /**
     * The whole records of a file's bytes, in order. Reading stops at the first record that is cut
     * short or whose checksums do not match: what a run killed mid-write leaves at the end.
     *
     * @return the records and, as {@link Records#validBytes}, the length of the intact prefix
     */
    public static Records read(byte[] file) {
        List<Record> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (file.length - pos >= OVERHEAD) {
            long length = b.getLong(pos);
            if (b.getInt(pos + 8) != maskedCrc32c(file, pos, 8)) break;
            if (length < 0 || length > file.length - pos - OVERHEAD) break;
            int n = (int) length, start = pos + 12;
            if (b.getInt(start + n) != maskedCrc32c(file, start, n)) break;
            byte[] data = new byte[n];
            System.arraycopy(file, start, data, 0, n);
            out.add(new Record(pos, data));
            pos = start + n + 4;
        }
        return new Records(List.copyOf(out), pos);
    }

    /**
     * The intact records of a file.
     *
     * @param records    the records, in file order
     * @param validBytes bytes from the start of the file that hold them; anything after is damaged
     */
    public record Records(List<Record> records, long validBytes) {}
}
