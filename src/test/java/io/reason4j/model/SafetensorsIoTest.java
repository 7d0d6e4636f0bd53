package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsIoTest {

    @TempDir
    Path dir;

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void closeArena() {
        arena.close();
    }

    private NamedTensor tensor(String name, float[] values, long... shape) {
        MemorySegment data = arena.allocate(values.length * 4L, 4);
        for (int i = 0; i < values.length; i++) {
            data.setAtIndex(DType.FLOAT_LE, i, values[i]);
        }
        return new NamedTensor(name, shape, data);
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] floats(MemorySegment s) {
        float[] out = new float[(int) (s.byteSize() / 4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(DType.FLOAT_LE, 4L * i);
        }
        return out;
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    /** A safetensors file assembled byte by byte, independent of {@link SafetensorsWriter}. */
    private Path handBuilt(String name, String headerJson, byte[] data) throws IOException {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.writeBytes(header);
        out.writeBytes(data);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void f32RoundTripIsBitExact() {
        float[] a = random(6, 1);
        a[0] = Float.NaN;
        a[1] = -0.0f;
        a[2] = Float.MIN_VALUE;
        float[] b = random(5, 2);
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(tensor("a", a, 2, 3), tensor("b", b, 5)), DType.F32,
                Map.of("format", "pt"));

        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertThat(r.names()).containsExactly("a", "b");
            assertThat(r.info("a").dtype()).isEqualTo(DType.F32);
            assertThat(r.info("a").shape()).containsExactly(2, 3);
            assertThat(bits(floats(r.f32("a", 2, 3)))).containsExactly(bits(a));
            assertThat(bits(floats(r.f32("b")))).containsExactly(bits(b));
        }
    }

    @Test
    void headerIsPaddedToEightBytesSoDataIsAligned() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(tensor("x", new float[] {1, 2, 3}, 3)), DType.F32, null);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(headerLength % 8).isZero();
        assertThat(bytes.length).isEqualTo(8 + headerLength + 12);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}");
        assertThat(header.strip()).endsWith("}");
    }

    @Test
    void f32IsAZeroCopyViewOfTheMapping() {
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(tensor("w", random(64, 3), 8, 8)), DType.F32, null);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            MemorySegment w = r.f32("w", 8, 8);
            assertThat(w.isMapped()).isTrue();
            assertThat(w.isReadOnly()).isTrue();
            assertThat(w.byteSize()).isEqualTo(64 * 4);
            assertThat(r.f32("w").address()).isEqualTo(w.address());   // same view, no copy
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        // Values exactly representable in bfloat16 survive unchanged; the others are hand-computed:
        // 1.00390625 = 0x3F808000 lies halfway between 0x3F80 (1.0) and 0x3F81: ties go to even, 1.0.
        // 1.01171875 = 0x3F818000 lies halfway between 0x3F81 and 0x3F82: ties go to even, 1.015625.
        // 0x3F808001 lies just above halfway: rounds up to 0x3F81 = 1.0078125.
        // Float.MAX_VALUE rounds up past the largest bfloat16 to infinity, as in PyTorch.
        float aboveHalf = Float.intBitsToFloat(0x3F808001);
        float[] in = {1.0f, -2.5f, 0.15625f, 1.00390625f, 1.01171875f, aboveHalf,
            Float.POSITIVE_INFINITY, Float.MAX_VALUE, Float.NaN, Float.intBitsToFloat(0xFFC00001)};
        float[] expected = {1.0f, -2.5f, 0.15625f, 1.0f, 1.015625f, 1.0078125f,
            Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY};
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(tensor("x", in, in.length)), DType.BF16, null);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertThat(r.info("x").dtype()).isEqualTo(DType.BF16);
            assertThat(r.info("x").byteLength()).isEqualTo(2L * in.length);
            float[] out = floats(r.f32("x", in.length));
            for (int i = 0; i < expected.length; i++) {
                assertThat(out[i]).as("element %d", i).isEqualTo(expected[i]);
            }
            assertThat(out[8]).isNaN();
            assertThat(out[9]).isNaN();
            assertThat(DType.floatToBf16(Float.intBitsToFloat(0xFFC00001))).isEqualTo((short) 0xFFC0);   // sign kept
            assertThat(DType.floatToBf16(Float.intBitsToFloat(0x7F800001))).isEqualTo((short) 0x7FC0); // not inf
        }
        assertThat(DType.floatToBf16(1.00390625f)).isEqualTo((short) 0x3F80);
        assertThat(DType.floatToBf16(1.01171875f)).isEqualTo((short) 0x3F82);
    }

    @Test
    void f16RoundTripMatchesHandComputedHalfPrecision() {
        // 0.1f becomes 0x2E66 = (1 + 614/1024) / 16 = 0.0999755859375; 1e-7f becomes the subnormal
        // 0x0002 = 2 * 2^-24; 65504 is the largest half; 1e5 overflows to infinity.
        float[] in = {1.0f, -2.0f, 0.5f, 0.1f, 65504f, 1e-7f, 1e5f};
        float[] expected = {1.0f, -2.0f, 0.5f, 0.0999755859375f, 65504f, 2 * 0x1p-24f, Float.POSITIVE_INFINITY};
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(tensor("x", in, 7)), DType.F16, null);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertThat(floats(r.f32("x", 7))).containsExactly(expected);
        }
    }

    @Test
    void shardedRoundTrip() throws IOException {
        List<NamedTensor> tensors = List.of(
                tensor("model.embed_tokens.weight", random(40, 4), 10, 4),
                tensor("model.norm.weight", random(4, 5), 4),
                tensor("lm_head.weight", random(40, 6), 10, 4),
                tensor("big", random(100, 7), 100));
        SafetensorsWriter.writeSharded(dir, tensors, DType.F32, 180);   // 160 + 16 | 160 | 400

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                    "model-00003-of-00003.safetensors", "model.safetensors.index.json");
        }
        var index = JsonFields.MAPPER.readTree(dir.resolve("model.safetensors.index.json").toFile());
        assertThat(index.at("/metadata/total_size").asLong()).isEqualTo(4 * (40 + 4 + 40 + 100));
        assertThat(index.at("/weight_map/lm_head.weight").asText()).isEqualTo("model-00002-of-00003.safetensors");
        assertThat(index.at("/weight_map/big").asText()).isEqualTo("model-00003-of-00003.safetensors");

        try (SafetensorsReader r = SafetensorsReader.open(dir)) {
            assertThat(r.names()).containsExactlyInAnyOrder("model.embed_tokens.weight", "model.norm.weight",
                    "lm_head.weight", "big");
            for (NamedTensor t : tensors) {
                assertThat(bits(floats(r.f32(t.name(), t.shape())))).containsExactly(bits(floats(t.data())));
            }
            assertThat(r.info("big").file().getFileName().toString()).isEqualTo("model-00003-of-00003.safetensors");
        }
    }

    @Test
    void oneShardWritesModelSafetensorsAndRemovesAStaleIndex() throws IOException {
        List<NamedTensor> tensors = List.of(tensor("a", random(8, 8), 8), tensor("b", random(8, 9), 2, 4));
        SafetensorsWriter.writeSharded(dir, tensors, DType.F32, 16);
        assertThat(dir.resolve("model.safetensors.index.json")).exists();

        SafetensorsWriter.writeSharded(dir, tensors, DType.BF16, 1L << 30);
        assertThat(dir.resolve("model.safetensors")).exists();
        assertThat(dir.resolve("model.safetensors.index.json")).doesNotExist();
        try (SafetensorsReader r = SafetensorsReader.open(dir)) {
            assertThat(r.info("b").dtype()).isEqualTo(DType.BF16);
            assertThat(r.f32("b", 2, 4).byteSize()).isEqualTo(32);
        }
    }

    @Test
    void readsAHandBuiltFile() throws IOException {
        // Header without padding, so the data is not 4-byte aligned; __metadata__ comes last.
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[8,12]},"
                + "\"g\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[12,14]},"
                + "\"__metadata__\":{\"format\":\"pt\"}}";
        ByteBuffer data = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2.0f);
        data.putShort((short) 0x3F80).putShort((short) 0xC020);   // bf16 1.0, -2.5
        data.putShort((short) 0x3C00);                             // f16 1.0
        Path file = handBuilt("hand.safetensors", header, data.array());

        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertThat(r.names()).containsExactly("w", "h", "g");
            assertThat(r.contains("__metadata__")).isFalse();
            TensorInfo w = r.info("w");
            assertThat(w.dataOffset()).isEqualTo(8 + header.length());
            assertThat(w.byteLength()).isEqualTo(8);
            assertThat(floats(r.f32("w", 2))).containsExactly(1.5f, -2.0f);
            assertThat(floats(r.f32("h", 1, 2))).containsExactly(1.0f, -2.5f);
            assertThat(floats(r.f32("g", 1))).containsExactly(1.0f);
        }
    }

    @Test
    void missingTensorNamesTensorAndSource() {
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(tensor("a", new float[] {1}, 1)), DType.F32, null);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertThat(r.contains("lm_head.weight")).isFalse();
            assertThatThrownBy(() -> r.f32("lm_head.weight"))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessage("missing tensor 'lm_head.weight' in " + file);
        }
    }

    @Test
    void wrongShapeNamesBothShapes() {
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(tensor("a", random(6, 1), 2, 3)), DType.F32, null);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertThatThrownBy(() -> r.f32("a", 3, 2))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessage("tensor 'a' in " + file + " has shape [2, 3], expected [3, 2]");
        }
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(tensor("a", random(16, 1), 16)), DType.F32, null);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 4);
        }
        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'a'")
                .hasMessageContaining("truncated");

        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(5);
        }
        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void badHeaderJsonGivesLineAndColumn() throws IOException {
        Path file = handBuilt("bad.safetensors", "{\"a\": {\"dtype\": \"F32\",, }}", new byte[0]);
        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("malformed safetensors header JSON at line 1, column");
    }

    @Test
    void absurdHeaderLengthIsRefused() throws IOException {
        Path file = dir.resolve("not.safetensors");
        Files.write(file, "this is not a safetensors file at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("header length");
    }

    @Test
    void lengthNotMatchingShapeIsRefused() throws IOException {
        Path file = handBuilt("m.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                new byte[8]);
        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 'a' of shape [3] and dtype F32 needs 12 bytes");
    }

    @Test
    void unsupportedDtypeNamesTensorAndDtype() throws IOException {
        String header = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        Path file = handBuilt("m.safetensors", header, new byte[12]);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertThat(r.names()).containsExactly("w");
            assertThatThrownBy(() -> r.f32("ids"))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("tensor 'ids'")
                    .hasMessageContaining("dtype I64")
                    .hasMessageContaining("F32, BF16 and F16");
        }
    }

    @Test
    void missingWeightsListWhatWasLookedFor() {
        assertThatThrownBy(() -> SafetensorsReader.open(dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("model.safetensors.index.json")
                .hasMessageContaining("model.safetensors");
    }

    @Test
    void indexNamingAMissingShardIsRefused() throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"metadata\": {\"total_size\": 4}, \"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsReader.open(dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("model-00001-of-00002.safetensors")
                .hasMessageContaining("does not exist");
    }

    @Test
    void failedWriteLeavesNoFile() {
        Path file = dir.resolve("m.safetensors");
        NamedTensor good = tensor("a", new float[] {1}, 1);
        NamedTensor gone;
        try (Arena other = Arena.ofConfined()) {
            gone = new NamedTensor("b", new long[] {4}, other.allocate(16));
        }
        // the header is written first; reading b's freed memory then fails midway
        assertThatThrownBy(() -> SafetensorsWriter.write(file, List.of(good, gone), DType.F32, null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(dir).isEmptyDirectory();
    }
}
