package io.reason4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cases of {@code reason4j verify --file}: a TSV file with a header naming the columns
 * {@code gold}, {@code pred} and optionally {@code expected} (others are ignored), or JSONL with those
 * keys. Mistakes are reported with the file, the line and what would be right.
 */
final class VerificationCaseFile {
    /** One case; {@code expected} is null when the file does not say. */
    record Case(int line, String gold, String pred, Boolean expected) {}

    private VerificationCaseFile() {}

    static List<Case> read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".json");
        if (!jsonl && !name.endsWith(".tsv")) throw new UserInputException(file + ": unknown case file type; use .tsv (columns gold, pred, expected) or .jsonl");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read: " + e.getMessage());
        }
        return jsonl ? jsonl(file, lines) : tsv(file, lines);
    }

    private static List<Case> tsv(Path file, List<String> lines) {
        if (lines.isEmpty()) throw new UserInputException(file + ": empty file; the first line must be a header with the columns gold and pred");
        List<String> header = Arrays.stream(lines.getFirst().split("\t", -1)).map(String::strip).toList();
        int gold = header.indexOf("gold"), pred = header.indexOf("pred"), expected = header.indexOf("expected");
        if (gold < 0 || pred < 0) {
            throw new UserInputException(file + ":1: the header must name the columns gold and pred (tab-separated), found: " + String.join(", ", header));
        }
        int needed = Math.max(gold, pred) + 1;
        List<Case> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (f.length < needed) throw new UserInputException(file + ":" + (i + 1) + ": expected at least " + needed + " tab-separated fields, found " + f.length);
            Boolean exp = expected >= 0 && expected < f.length ? parseExpected(file, i + 1, f[expected]) : null;
            out.add(new Case(i + 1, f[gold], f[pred], exp));
        }
        return out;
    }

    private static Boolean parseExpected(Path file, int line, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "" -> null;
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new UserInputException(file + ":" + line + ": column expected: '" + text + "' is not true or false");
        };
    }

    private static List<Case> jsonl(Path file, List<String> lines) {
        ObjectMapper json = new ObjectMapper();
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String where = file + ":" + (i + 1) + ": ";
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                throw new UserInputException(where + "not valid JSON: " + e.getOriginalMessage());
            }
            if (!node.isObject()) throw new UserInputException(where + "expected a JSON object with \"gold\" and \"pred\"");
            JsonNode expected = node.get("expected");
            if (expected != null && !expected.isNull() && !expected.isBoolean()) {
                throw new UserInputException(where + "field \"expected\" must be true or false, got " + expected);
            }
            out.add(new Case(i + 1, text(node, "gold", where), text(node, "pred", where), expected == null || expected.isNull() ? null : expected.asBoolean()));
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new UserInputException(where + "missing string field \"" + field + "\"" + (v == null ? "" : ", got " + v));
        }
        return v.asText();
    }
}
