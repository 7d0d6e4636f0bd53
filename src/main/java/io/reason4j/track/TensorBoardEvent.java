package io.reason4j.track;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The few fields of TensorFlow's {@code Event} protobuf (tensorflow/core/util/event.proto) that
 * scalar logging needs, encoded by hand rather than through a protobuf runtime and generated code:
 *
 * <pre>
 * Event   { double wall_time = 1; int64 step = 2; oneof { string file_version = 3; Summary summary = 5; } }
 * Summary { repeated Value value = 1; }
 * Value   { string tag = 1; float simple_value = 2; }
 * </pre>
 *
 * TensorBoard reads {@code simple_value} as a scalar (its data_compat layer turns it into the
 * scalars plugin's tensor form). TensorBoardWriterTest parses what is written here with
 * TensorFlow's own generated classes.
 */
public final class TensorBoardEvent {
    /** The first record of every events file: readers check it to know the format. */
    public static final String FILE_VERSION = "brain.Event:2";

    // Protobuf keys: field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    private static final int WALL_TIME = 1 << 3 | 1, STEP = 2 << 3, FILE_VERSION_FIELD = 3 << 3 | 2, SUMMARY = 5 << 3 | 2;
    private static final int SUMMARY_VALUE = 1 << 3 | 2, VALUE_TAG = 1 << 3 | 2, VALUE_SIMPLE_VALUE = 2 << 3 | 5;

    private TensorBoardEvent() {}

    /** The file-version event that starts an events file. */
    public static byte[] fileVersion(double wallTime) {
        Writer w = new Writer();
        w.fixed64(WALL_TIME, Double.doubleToLongBits(wallTime));
        w.bytes(FILE_VERSION_FIELD, FILE_VERSION.getBytes(StandardCharsets.UTF_8));
        return w.toByteArray();
    }

    /** One event holding a summary of scalars, all at {@code step} (tag → value, in the map's order). */
    public static byte[] scalars(double wallTime, long step, Map<String, Double> values) {
        Writer summary = new Writer();
        values.forEach((tag, value) -> {
            Writer v = new Writer();
            v.bytes(VALUE_TAG, tag.getBytes(StandardCharsets.UTF_8));
            v.fixed32(VALUE_SIMPLE_VALUE, Float.floatToIntBits(value.floatValue()));
            summary.bytes(SUMMARY_VALUE, v.toByteArray());
        });
        Writer w = new Writer();
        w.fixed64(WALL_TIME, Double.doubleToLongBits(wallTime));
        w.varint(STEP, step);
        w.bytes(SUMMARY, summary.toByteArray());
        return w.toByteArray();
    }

    /**
     * The step of an encoded event (0 when absent, as protobuf's default), skipping every other field.
     *
     * @throws IllegalArgumentException when the bytes are not a protobuf message
     */
    public static long step(byte[] event) {
        int[] pos = {0};
        long step = 0;
        while (pos[0] < event.length) {
            long key = readVarint(event, pos);
            int field = (int) (key >>> 3), wire = (int) (key & 7);
            switch (wire) {
                case 0 -> {
                    long v = readVarint(event, pos);
                    if (field == 2) step = v;
                }
                case 1 -> pos[0] += 8;
                case 2 -> {
                    long n = readVarint(event, pos);
                    if (n < 0 || n > event.length - pos[0]) throw new IllegalArgumentException("not an Event: a field runs past the end");
                    pos[0] += (int) n;
                }
                case 5 -> pos[0] += 4;
                default -> throw new IllegalArgumentException("not an Event: wire type " + wire + " of field " + field);
            }
            if (pos[0] > event.length) throw new IllegalArgumentException("not an Event: a field runs past the end");
        }
        return step;
    }

    private static long readVarint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) throw new IllegalArgumentException("not an Event: a varint runs past the end");
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) return v;
        }
        throw new IllegalArgumentException("not an Event: a varint longer than 10 bytes");
    }

    /** Protobuf wire-format output: keys, varints (int64 as two's complement), fixed-width and length-delimited fields. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int key, long value) {
            raw(key);
            raw(value);
        }

        void fixed64(int key, long bits) {
            raw(key);
            for (int i = 0; i < 8; i++) out.write((int) (bits >>> (8 * i)));
        }

        void fixed32(int key, int bits) {
            raw(key);
            for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));
        }

        void bytes(int key, byte[] data) {
            raw(key);
            raw(data.length);
            out.writeBytes(data);
        }

        private void raw(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) (v & 0x7f) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
