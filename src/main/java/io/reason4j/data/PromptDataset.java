package io.reason4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Problems for RL or evaluation, read from a JSONL or Parquet file in verl's RL schema (or the
 * simpler form with a string prompt and a top-level answer); docs/data-formats.md, "RL prompt
 * datasets", has both.
 *
 * <p>A trainer's use:
 * <pre>{@code
 * PromptDataset data = PromptDataset.read(Path.of("gsm8k/train.parquet"));
 * PromptSplit split = data.split(HeldOut.count(200), seed);    // or read a separate test file
 * Iterator<PromptExample> prompts = split.train().shuffled(seed, promptsSeenSoFar);
 * }</pre>
 */
public final class PromptDataset {

    private final String name;
    private final List<PromptExample> examples;

    private PromptDataset(String name, List<PromptExample> examples) {
        this.name = name;
        this.examples = List.copyOf(examples);
    }

    /**
     * Reads a file, choosing the format by its extension: {@code .parquet}, or {@code .jsonl} /
     * {@code .json} for JSON lines (one object per line).
     *
     * @throws DatasetFormatException if the file cannot be read, is not in its format, has no rows,
     *                                or a row is malformed (the message names the first bad line or
     *                                row and counts the others)
     */
    public static PromptDataset read(Path file) {
        String fileName = file.getFileName().toString();
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet")) {
            return readParquet(file);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".json")) {
            return readJsonl(file);
        }
        throw new DatasetFormatException(file + ": unknown dataset format: expected a file named .jsonl or .json (JSON"
                + " lines, one object per line) or .parquet");
    }

    /** Problems made in memory (a built-in task, a test). */
    public static PromptDataset of(String name, List<PromptExample> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(name + ": a dataset needs at least one example");
        }
        return new PromptDataset(name, examples);
    }

    private static PromptDataset readJsonl(Path file) {
        String fileName = file.getFileName().toString();
        JsonlFile.Contents contents = JsonlFile.read(file);
        List<JsonlFile.Line> lines = contents.lines();
        JsonlFile.Line first = lines.getFirst();
        if (first.text().stripLeading().startsWith("[")) {
            // Rows are objects, so a list on the first line is the whole file saved as one JSON array.
            throw new DatasetFormatException(file + ":" + first.number() + ": a JSON array; expected JSON lines, one"
                    + " object per line (jq -c '.[]' " + fileName + " writes them)");
        }
        return parseAll(file, lines.size(), "line", i -> {
            JsonlFile.Line line = lines.get(i);
            String location = file + ":" + line.number();
            JsonNode node = JsonlFile.parse(line, location);
            return PromptRowParser.parse(JsonField.line(node, location), fileName + ":" + line.number(), stem(fileName));
        });
    }

    private static PromptDataset readParquet(Path file) {
        String fileName = file.getFileName().toString();
        try (ParquetFile parquet = ParquetFile.open(file)) {
            List<String> columns = parquet.columns();
            String have = "; its columns are \"" + String.join("\", \"", columns) + "\"";
            if (!columns.contains("prompt")) {
                throw new DatasetFormatException(file + ": no column \"prompt\" (the messages, or the question as a"
                        + " string)" + have);
            }
            if (!columns.contains("reward_model") && PromptRowParser.ANSWER_FIELDS.stream().noneMatch(columns::contains)) {
                throw new DatasetFormatException(file + ": no column with the reference answer: expected \"reward_model\""
                        + " (a struct with \"ground_truth\") or one of \""
                        + String.join("\", \"", PromptRowParser.ANSWER_FIELDS) + "\"" + have);
            }
            if (parquet.rowCount() == 0) {
                throw new DatasetFormatException(file + ": no examples: the file has no rows");
            }
            List<ObjectNode> rows = parquet.rows(PromptRowParser.FIELDS);
            return parseAll(file, rows.size(), "row", i -> {
                String location = file + ": row " + i;
                return PromptRowParser.parse(JsonField.line(rows.get(i), location), fileName + ":row " + i,
                        stem(fileName));
            });
        }
    }

    /** Parses every row; if any is bad, throws the first error with a count of the others. */
    private static PromptDataset parseAll(Path file, int count, String unit, IntFunction<PromptExample> parse) {
        List<PromptExample> examples = new ArrayList<>(count);
        DatasetFormatException first = null;
        int bad = 0;
        for (int i = 0; i < count; i++) {
            try {
                examples.add(parse.apply(i));
            } catch (DatasetFormatException e) {
                first = first == null ? e : first;
                bad++;
            }
        }
        if (bad == 1) {
            throw first;
        }
        if (bad > 1) {
            throw new DatasetFormatException(first.getMessage() + " (and " + (bad - 1) + " more bad " + unit
                    + (bad == 2 ? "" : "s") + ")");
        }
        return new PromptDataset(file.toString(), examples);
    }

    /** "gsm8k" for gsm8k.parquet: the data source of rows without one. */
    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** The file it was read from, or the name it was given. */
    public String name() {
        return name;
    }

    public int size() {
        return examples.size();
    }

    /** In file order. */
    public List<PromptExample> examples() {
        return examples;
    }

    public PromptExample get(int index) {
        return examples.get(index);
    }

    /**
     * Holds out examples for evaluation, chosen at random by the seed: the same dataset, size and
     * seed always hold out the same examples. Both parts keep the file's order.
     *
     * @throws DatasetFormatException if nothing would be left to train on
     */
    public PromptSplit split(HeldOut heldOut, long seed) {
        HeldOut.Parts<PromptExample> parts = heldOut.split(name, examples, seed);
        List<PromptExample> train = parts.train(), eval = parts.eval();
        return new PromptSplit(new PromptDataset(name + " (train split)", train), new PromptDataset(name + " (held out)", eval));
    }

    /**
     * All examples in the order of one epoch: a shuffle drawn from the seed and the epoch, the same
     * on every machine, so a resumed run sees the prompts the interrupted one would have.
     */
    public List<PromptExample> epoch(long seed, long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("an epoch is counted from 0, got " + epoch);
        }
        int[] order = SeededShuffle.permutation(examples.size(), SeededShuffle.random(seed, SeededShuffle.EXAMPLE_ORDER, epoch));
        List<PromptExample> out = new ArrayList<>(order.length);
        for (int i : order) {
            out.add(examples.get(i));
        }
        return out;
    }

    /**
     * Epoch after epoch without end ({@link #epoch} 0, then 1, ...), starting after the first
     * {@code consumed} examples: a trainer that checkpoints how many prompts it has taken resumes
     * with the next one.
     */
    public Iterator<PromptExample> shuffled(long seed, long consumed) {
        if (consumed < 0) {
            throw new IllegalArgumentException("consumed must not be negative, got " + consumed);
        }
        return new Iterator<>() {
            private long epochIndex = consumed / examples.size();
            private int index = (int) (consumed % examples.size());
            private List<PromptExample> order = epoch(seed, epochIndex);

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public PromptExample next() {
                if (index == order.size()) {
                    order = epoch(seed, ++epochIndex);
                    index = 0;
                }
                return order.get(index++);
            }
        };
    }

    @Override
    public String toString() {
        return "PromptDataset(" + name + ", " + examples.size() + " examples)";
    }
}
