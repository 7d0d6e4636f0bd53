package io.reason4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of a problem file or a distilled SFT file as they are, each with the id that an
 * evaluation's per-problem results know it by, for tools that filter a dataset and write the rows
 * they keep unchanged ({@code reason4j select}).
 *
 * <ul>
 *   <li>A problem (verl's schema, read as {@link PromptDataset} reads it): its id is
 *       {@code FILE:LINE} (JSONL) or {@code FILE:row N} (Parquet), as {@code reason4j eval --data FILE}
 *       names it in {@code results.jsonl}.</li>
 *   <li>An SFT example (a line with {@code messages}, {@code completion}, {@code text} or token
 *       ids, docs/data-formats.md): its id is its {@code "id"} field, the id of the problem it
 *       answers, which {@code reason4j distill} writes.</li>
 * </ul>
 */
public final class DatasetRows {
    /** The keys that make a line an SFT example rather than a problem (SftLineParser's formats). */
    private static final List<String> SFT_KEYS = List.of("messages", "completion", "text", "input_ids", "prompt_ids", "completion_ids");

    /**
     * One row.
     *
     * @param id       the problem's id (see above)
     * @param location {@code file:line} or {@code file: row N}, for messages
     * @param json     the row as JSON
     * @param text     the line as it is in the file (JSONL), or null for a Parquet row
     * @param problem  the row read as a problem, or null for an SFT example
     */
    public record Row(String id, String location, ObjectNode json, String text, PromptExample problem) {
        public boolean isSftExample() {
            return problem == null;
        }

        /** The row as one line of JSONL: as it was in the file, or the Parquet row as JSON. */
        public String jsonLine() {
            return text != null ? text : json.toString();
        }
    }

    private DatasetRows() {}

    /**
     * Reads every row of a {@code .jsonl}/{@code .json} (JSON lines) or {@code .parquet} file.
     *
     * @throws DatasetFormatException naming the first bad line (and counting the others): invalid
     *                                JSON, not an object, a problem row that is malformed, an SFT
     *                                example without an id
     */
    public static List<Row> read(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet")) return parquet(file, name);
        if (lower.endsWith(".jsonl") || lower.endsWith(".json")) return jsonl(file, name);
        throw new DatasetFormatException(file + ": unknown dataset format: expected a file named .jsonl or .json (JSON"
                + " lines, one object per line) or .parquet");
    }

    private static List<Row> jsonl(Path file, String name) {
        List<Row> rows = new ArrayList<>();
        Errors errors = new Errors();
        for (JsonlFile.Line line : JsonlFile.read(file).lines()) {
            String location = file + ":" + line.number();
            try {
                JsonNode node = JsonlFile.parse(line, location);
                JsonField row = JsonField.line(node, location);
                if (!node.isObject()) throw row.problem("expected a JSON object, got " + JsonField.describe(node));
                if (SFT_KEYS.stream().anyMatch(node::has)) {
                    rows.add(new Row(sftId(row), location, (ObjectNode) node, line.text(), null));
                } else {
                    String id = name + ":" + line.number();
                    rows.add(new Row(id, location, (ObjectNode) node, line.text(), PromptRowParser.parse(row, id, PromptDataset.stem(name))));
                }
            } catch (DatasetFormatException e) {
                errors.add(e);
            }
        }
        errors.throwIfAny("line");
        return rows;
    }

    private static List<Row> parquet(Path file, String name) {
        List<Row> rows = new ArrayList<>();
        Errors errors = new Errors();
        try (ParquetFile parquet = ParquetFile.open(file)) {
            List<ObjectNode> all = parquet.rows(parquet.columns());
            for (int i = 0; i < all.size(); i++) {
                String location = file + ": row " + i, id = name + ":row " + i;
                try {
                    rows.add(new Row(id, location, all.get(i), null,
                            PromptRowParser.parse(JsonField.line(all.get(i), location), id, PromptDataset.stem(name))));
                } catch (DatasetFormatException e) {
                    errors.add(e);
                }
            }
        }
        errors.throwIfAny("row");
        if (rows.isEmpty()) throw new DatasetFormatException(file + ": no examples: the file has no rows");
        return rows;
    }

    private static String sftId(JsonField row) {
        JsonField id = row.get("id");
        if (id.isString() && !id.string().isBlank()) return id.string();
        if (id.present() && id.node().isIntegralNumber()) return id.node().asText();
        throw id.expected("the id of the problem the example answers (reason4j distill writes it)");
    }

    /** The first error, with a count of the others, as every dataset reader reports them. */
    private static final class Errors {
        private DatasetFormatException first;
        private int count;

        void add(DatasetFormatException e) {
            if (first == null) first = e;
            count++;
        }

        void throwIfAny(String unit) {
            if (count == 1) throw first;
            if (count > 1) {
                throw new DatasetFormatException(first.getMessage() + " (and " + (count - 1) + " more bad " + unit + (count == 2 ? "" : "s") + ")");
            }
        }
    }
}
