package io.reason4j.data;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.xerial.snappy.Snappy;

/**
 * Writes Parquet files for tests with parquet-java's example writer. pyarrow is not installed here,
 * so this writer is not independent of the reader; src/test/resources/data/verl-gsm8k.parquet, written
 * once by hyparquet-writer (scripts/fixtures/verl-parquet.mjs), is the independent check.
 *
 * <p>Like the reader, the writer runs without Hadoop: its configuration and codec factory are given,
 * so parquet-java does not build Hadoop's. {@code withConf(ParquetConfiguration)} is called through a
 * method handle because the overload {@code withConf(org.apache.hadoop.conf.Configuration)} makes
 * javac (and reflection's getMethod) load a Hadoop class that is not on the class path.
 */
final class ParquetTestFiles {

    /** The schema pyarrow writes for verl's gsm8k preprocessing (a Hugging Face dataset's to_parquet). */
    static final MessageType VERL = MessageTypeParser.parseMessageType("""
            message schema {
              optional binary data_source (STRING);
              optional group prompt (LIST) {
                repeated group list {
                  optional group element {
                    optional binary content (STRING);
                    optional binary role (STRING);
                  }
                }
              }
              optional binary ability (STRING);
              optional group reward_model {
                optional binary ground_truth (STRING);
                optional binary style (STRING);
              }
              optional group extra_info {
                optional binary answer (STRING);
                optional int64 index;
                optional binary question (STRING);
                optional binary split (STRING);
              }
            }
            """);

    private ParquetTestFiles() {
    }

    /** A verl-style row: one user message, a rule-based ground truth, split and index in extra_info. */
    static Consumer<Group> verlRow(String question, String answer, long index) {
        return row -> {
            row.append("data_source", "openai/gsm8k");
            row.addGroup("prompt").addGroup("list").addGroup("element").append("content", question).append("role", "user");
            row.append("ability", "math");
            row.addGroup("reward_model").append("ground_truth", answer).append("style", "rule");
            row.addGroup("extra_info").append("index", index).append("split", "train");
        };
    }

    static Path write(Path file, MessageType schema, CompressionCodecName codec, int rowGroupRows,
                      List<Consumer<Group>> rows) {
        try {
            Files.deleteIfExists(file);
            ExampleParquetWriter.Builder builder = ExampleParquetWriter.builder().withFile(new LocalOutputFile(file));
            builder = (ExampleParquetWriter.Builder) (ParquetWriter.Builder<?, ?>) MethodHandles.publicLookup()
                    .findVirtual(ParquetWriter.Builder.class, "withConf",
                            MethodType.methodType(ParquetWriter.Builder.class, ParquetConfiguration.class))
                    .invoke(builder, (ParquetConfiguration) new PlainParquetConfiguration());
            try (ParquetWriter<Group> writer = builder.withType(schema).withCompressionCodec(codec)
                    .withCodecFactory(new Compressors()).withRowGroupRowCountLimit(rowGroupRows).build()) {
                SimpleGroupFactory groups = new SimpleGroupFactory(schema);
                for (Consumer<Group> fill : rows) {
                    Group row = groups.newGroup();
                    fill.accept(row);
                    writer.write(row);
                }
            }
            return file;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot write the test file " + file, e);
        }
    }

    static Path write(Path file, MessageType schema, List<Consumer<Group>> rows) {
        return write(file, schema, CompressionCodecName.SNAPPY, 1000, rows);
    }

    /**
     * Compressors with the codec libraries the reader decompresses with. "LZ4_RAW" stores the bytes
     * as they are: it only marks a file with a codec the reader refuses before decompressing.
     */
    private static final class Compressors implements CompressionCodecFactory {

        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            return new BytesInputCompressor() {
                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    byte[] in = bytes.toByteArray();
                    return BytesInput.from(switch (codec) {
                        case UNCOMPRESSED, LZ4_RAW -> in;
                        case SNAPPY -> Snappy.compress(in);
                        case ZSTD -> Zstd.compress(in);
                        case GZIP -> {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                                gzip.write(in);
                            }
                            yield out.toByteArray();
                        }
                        default -> throw new IOException("no test compressor for " + codec);
                    });
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return codec;
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException("a writer only compresses");
        }

        @Override
        public void release() {
        }
    }
}
