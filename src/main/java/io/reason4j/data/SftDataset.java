package io.reason4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Supervised fine-tuning examples, read from a JSONL file: token ids with the tokens to train on
 * marked. The line formats are {@link SftFormat}'s (docs/data-formats.md has examples).
 *
 * <p>A trainer's use:
 * <pre>{@code
 * SftDataset data = SftDataset.read(path, tokenizer, SftReadOptions.DEFAULTS);
 * SftSplit split = data.split(HeldOut.fraction(0.05), seed);      // or read a separate eval file
 * SftBatches batches = split.train().batches(SftBatchOptions.packed(8, 2048).withSeed(seed));
 * SftBatchStream stream = batches.stream(savedCursor);            // SftCursor.START on a fresh run
 * while (...) { TokenBatch batch = stream.next(); ...; checkpoint(stream.cursor()); }
 * }</pre>
 */
public final class SftDataset {

    private final String name;
    private final List<SftExample> examples;
    private final SftReadReport report;

    private SftDataset(String name, List<SftExample> examples, SftReadReport report) {
        this.name = name;
        this.examples = List.copyOf(examples);
        this.report = report;
    }

    /**
     * Reads a JSONL file, one example per line. Lines are rendered and tokenized in parallel.
     *
     * @param tokenizer the model's tokenizer; null if every line is pre-tokenized
     * @throws DatasetFormatException if the file cannot be read, a line is malformed (the message
     *                                names the first bad line and counts the others), or no line has a
     *                                token to train on
     */
    public static SftDataset read(Path file, Tokenizer tokenizer, SftReadOptions options) {
        Objects.requireNonNull(options, "options");
        JsonlFile.Contents contents = JsonlFile.read(file);
        SftLineParser parser = new SftLineParser(tokenizer, options);
        List<JsonlFile.Line> lines = contents.lines();
        Object[] results = IntStream.range(0, lines.size()).parallel().mapToObj(i -> {
            JsonlFile.Line line = lines.get(i);
            String location = file + ":" + line.number();
            try {
                JsonNode node = JsonlFile.parse(line, location);
                return (Object) parser.parse(node, location);
            } catch (DatasetFormatException e) {
                return e;
            }
        }).toArray();

        List<DatasetFormatException> errors = new ArrayList<>();
        List<SftExample> examples = new ArrayList<>();
        Map<SftFormat, Integer> formats = new EnumMap<>(SftFormat.class);
        List<String> untrainableAt = new ArrayList<>();
        List<String> mismatchesAt = new ArrayList<>();
        int untrainable = 0;
        int mismatches = 0;
        for (int i = 0; i < results.length; i++) {
            if (results[i] instanceof DatasetFormatException e) {
                errors.add(e);
                continue;
            }
            SftLineParser.Parsed parsed = (SftLineParser.Parsed) results[i];
            String location = file + ":" + lines.get(i).number();
            if (parsed.boundaryMismatches() > 0) {
                mismatches += parsed.boundaryMismatches();
                addPlace(mismatchesAt, location);
            }
            if (parsed.example() == null || parsed.example().trainableTargets() == 0) {
                untrainable++;
                addPlace(untrainableAt, location);
                continue;
            }
            examples.add(parsed.example());
            formats.merge(parsed.format(), 1, Integer::sum);
        }
        if (!errors.isEmpty()) {
            DatasetFormatException first = errors.getFirst();
            if (errors.size() == 1) {
                throw first;
            }
            throw new DatasetFormatException(first.getMessage() + " (and " + (errors.size() - 1) + " more bad "
                    + (errors.size() == 2 ? "line" : "lines") + ")");
        }
        if (examples.isEmpty()) {
            throw new DatasetFormatException(file + ": none of its " + lines.size() + " examples has a token to train on"
                    + " (a conversation needs an assistant message, a completion some text or EOS, a loss mask a 1),"
                    + " e.g. " + String.join(", ", untrainableAt));
        }
        SftReadReport report = new SftReadReport(file.toString(), examples.size(), contents.blankLines(), formats,
                untrainable, untrainableAt, mismatches, mismatchesAt);
        return new SftDataset(file.toString(), examples, report);
    }

    private static void addPlace(List<String> places, String location) {
        if (places.size() < SftReadReport.PLACES) {
            places.add(location);
        }
    }

    /** A dataset of examples made in memory (tests, synthetic data, a converter). */
    public static SftDataset of(String name, List<SftExample> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(name + ": a dataset needs at least one example");
        }
        return new SftDataset(name, examples, SftReadReport.inMemory(name, examples.size()));
    }

    /** The file it was read from, or the name it was given; error messages start with it. */
    public String name() {
        return name;
    }

    public List<SftExample> examples() {
        return examples;
    }

    public int size() {
        return examples.size();
    }

    public SftExample get(int index) {
        return examples.get(index);
    }

    public SftReadReport report() {
        return report;
    }

    /** All tokens of all examples. */
    public long tokens() {
        return examples.stream().mapToLong(SftExample::length).sum();
    }

    /** All tokens that count in the loss, before truncation. */
    public long trainableTargets() {
        return examples.stream().mapToLong(SftExample::trainableTargets).sum();
    }

    /**
     * Holds out examples for evaluation, chosen at random by the seed: the same dataset, size and
     * seed always hold out the same examples. Both parts keep the file's order.
     *
     * @throws DatasetFormatException if nothing would be left to train on
     */
    public SftSplit split(HeldOut heldOut, long seed) {
        HeldOut.Parts<SftExample> parts = heldOut.split(name, examples, seed);
        List<SftExample> train = parts.train(), eval = parts.eval();
        return new SftSplit(
                new SftDataset(name + " (train split)", train, SftReadReport.inMemory(name + " (train split)", train.size())),
                new SftDataset(name + " (held out)", eval, SftReadReport.inMemory(name + " (held out)", eval.size())));
    }

    /**
     * The dataset cut into micro-batches.
     *
     * @throws DatasetFormatException if no example has a token to train on within the maximum length
     */
    public SftBatches batches(SftBatchOptions options) {
        return new SftBatches(this, options);
    }

    @Override
    public String toString() {
        return "SftDataset(" + name + ", " + examples.size() + " examples)";
    }
}
