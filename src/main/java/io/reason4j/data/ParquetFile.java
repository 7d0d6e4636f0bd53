package io.reason4j.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetMetricsCallback;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The rows of a local Parquet file, each as a JSON object (see {@link ParquetJson}), so that a
 * Parquet row and a JSONL line are checked by the same code and their errors read alike.
 *
 * <p><b>Why parquet-java, and without Hadoop.</b> parquet-java ({@code org.apache.parquet:parquet-hadoop})
 * is the reference Java implementation, maintained by the Apache Parquet project, and reads every
 * file pyarrow, pandas, polars, DuckDB and Spark write. Its dependency tree no longer includes
 * Hadoop (Hadoop is "provided" since 1.14), and we read through {@link LocalInputFile} and
 * {@link PlainParquetConfiguration}. Two of its classes still touch Hadoop on the read path: the
 * default codec factory (replaced by {@link ParquetCodecs}) and {@code ParquetReadOptions.Builder},
 * whose constructor builds that factory even when another is supplied. So the options are made with
 * {@code ParquetReadOptions}' own (package-private) constructor, as Elasticsearch's Parquet reader
 * does (elastic/elasticsearch#146929); the test suite, which has no Hadoop on its class path, fails
 * if a parquet-java upgrade changes that constructor. The alternatives weigh more: Hadoop's client
 * jars are ~50 MB; Arrow's dataset module and DuckDB's JDBC driver are native libraries of tens of
 * megabytes; the small pure-Java readers are too young to depend on.
 *
 * <p>Rows are counted from 0, as pandas ({@code df.iloc[16]}) and pyarrow count them.
 */
final class ParquetFile implements AutoCloseable {

    /** The bytes every Parquet file starts and ends with; an encrypted footer ends with "PARE". */
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final ParquetFileReader reader;
    private final MessageType schema;

    private ParquetFile(Path file, ParquetFileReader reader) {
        this.file = file;
        this.reader = reader;
        this.schema = reader.getFooter().getFileMetaData().getSchema();
    }

    /**
     * Opens a file and reads its footer.
     *
     * @throws DatasetFormatException if the file is missing, is not Parquet, or its footer is unreadable
     */
    static ParquetFile open(Path file) {
        checkMagic(file);
        ParquetReadOptions options = readOptions();
        try {
            return new ParquetFile(file, new ParquetFileReader(new LocalInputFile(file), options));
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(file + ": cannot read the Parquet footer: " + message(e), e);
        }
    }

    /** The top-level columns, in file order. */
    List<String> columns() {
        return schema.getFields().stream().map(Type::getName).toList();
    }

    long rowCount() {
        return reader.getRecordCount();
    }

    /**
     * Every row, with only the given top-level columns (the others are not read). A column the file
     * does not have is left out of the rows.
     *
     * @throws DatasetFormatException if a column is compressed with a codec we do not read, or the
     *                                data cannot be decoded
     */
    List<ObjectNode> rows(Collection<String> wanted) {
        List<Type> fields = schema.getFields().stream().filter(f -> wanted.contains(f.getName())).toList();
        long count = rowCount();
        if (count > Integer.MAX_VALUE) {
            throw new DatasetFormatException(file + ": " + count + " rows; at most " + Integer.MAX_VALUE + " can be read");
        }
        List<ObjectNode> rows = new ArrayList<>((int) count);
        if (fields.isEmpty()) {
            for (long i = 0; i < count; i++) {
                rows.add(JsonNodeFactory.instance.objectNode());
            }
            return rows;
        }
        MessageType requested = new MessageType(schema.getName(), fields);
        checkCodecs(requested);
        reader.setRequestedSchema(requested);
        var columnIO = new ColumnIOFactory().getColumnIO(requested, schema);
        int group = 0;
        try {
            for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
                RecordReader<Group> records = columnIO.getRecordReader(pages, new GroupRecordConverter(requested));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(ParquetJson.row(records.read()));
                }
                group++;
            }
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(file + ": cannot read row group " + group + " (from row " + rows.size()
                    + "): " + message(e), e);
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // Read-only: nothing was lost.
        }
    }

    /** Refuses a column compressed with a codec {@link ParquetCodecs} does not have, before reading. */
    private void checkCodecs(MessageType requested) {
        TreeSet<String> unreadable = new TreeSet<>();
        String column = null;
        for (BlockMetaData block : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                CompressionCodecName codec = chunk.getCodec();
                if (!ParquetCodecs.READABLE.contains(codec) && requested.containsField(chunk.getPath().toArray()[0])) {
                    unreadable.add(codec.name());
                    column = column == null ? chunk.getPath().toDotString() : column;
                }
            }
        }
        if (!unreadable.isEmpty()) {
            throw new DatasetFormatException(file + ": column \"" + column + "\" is compressed with "
                    + String.join(", ", unreadable) + ", which reason4j cannot read; expected snappy, zstd, gzip or"
                    + " none (rewrite it with pyarrow: pq.write_table(pq.read_table(src), dst, compression=\"zstd\"))");
        }
    }

    private static void checkMagic(Path file) {
        long size;
        byte[] head = new byte[4];
        byte[] tail = new byte[4];
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            size = channel.size();
            if (size >= 12) {
                channel.read(ByteBuffer.wrap(head));
                channel.position(size - 4);
                channel.read(ByteBuffer.wrap(tail));
            }
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException("file not found: " + file);
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size >= 12 && Arrays.equals(head, MAGIC) && Arrays.equals(tail, ENCRYPTED_MAGIC)) {
            throw new DatasetFormatException(file + ": an encrypted Parquet file; reason4j reads only unencrypted files");
        }
        if (size < 12 || !Arrays.equals(head, MAGIC) || !Arrays.equals(tail, MAGIC)) {
            throw new DatasetFormatException(file + ": not a Parquet file (" + (size == 0 ? "it is empty"
                    : "a Parquet file starts and ends with the bytes \"PAR1\"") + looksLike(file) + ")");
        }
    }

    /** A hint for a file that is not Parquet: JSON lines under the wrong name, or a cut-off copy. */
    private static String looksLike(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(64);
            String text = new String(start, StandardCharsets.UTF_8).stripLeading();
            if (text.startsWith("{") || text.startsWith("[")) {
                return "; it looks like JSON: name a JSON lines file .jsonl";
            }
            if (start.length >= 4 && Arrays.equals(Arrays.copyOf(start, 4), MAGIC)) {
                return "; it starts like one but its end is missing: the file may be cut short";
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private static ParquetReadOptions readOptions() {
        try {
            return (ParquetReadOptions) readOptionsConstructor().invokeExact(
                    false,  // useSignedStringMinMax: statistics are not used, nothing is filtered
                    false,  // useStatsFilter
                    false,  // useDictionaryFilter
                    false,  // useRecordFilter
                    false,  // useColumnIndexFilter
                    true,   // usePageChecksumVerification: a corrupt page is an error, not wrong text
                    false,  // useBloomFilter
                    false,  // useOffHeapDecryptBuffer
                    false,  // useHadoopVectoredIo: Hadoop's
                    (FilterCompat.Filter) FilterCompat.NOOP,
                    (ParquetMetadataConverter.MetadataFilter) ParquetMetadataConverter.NO_FILTER,
                    (CompressionCodecFactory) new ParquetCodecs(),
                    (ByteBufferAllocator) new HeapByteBufferAllocator(),
                    8 << 20, // maxAllocationSize: parquet-java's default
                    (Map<String, String>) new HashMap<String, String>(),
                    (FileDecryptionProperties) null,
                    (ParquetMetricsCallback) null,
                    (ParquetConfiguration) new PlainParquetConfiguration());
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make parquet-java's read options", e);
        }
    }

    private static MethodHandle readOptionsConstructor() {
        MethodType type = MethodType.methodType(void.class, boolean.class, boolean.class, boolean.class, boolean.class,
                boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, FilterCompat.Filter.class,
                ParquetMetadataConverter.MetadataFilter.class, CompressionCodecFactory.class, ByteBufferAllocator.class,
                int.class, Map.class, FileDecryptionProperties.class, ParquetMetricsCallback.class,
                ParquetConfiguration.class);
        try {
            return MethodHandles.privateLookupIn(ParquetReadOptions.class, MethodHandles.lookup())
                    .findConstructor(ParquetReadOptions.class, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("parquet-java's ParquetReadOptions has no constructor " + type
                    + " (was parquet-hadoop upgraded? see ParquetFile's comment)", e);
        }
    }

    /** An exception's message, or its cause's where parquet-java wraps one without saying more. */
    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
