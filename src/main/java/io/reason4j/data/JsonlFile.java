package io.reason4j.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a JSONL file (one JSON object per line), with their line numbers. Blank lines are
 * skipped and counted; a byte-order mark at the start is dropped; the text must be UTF-8.
 */
final class JsonlFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One non-blank line. */
    record Line(int number, String text) {
    }

    /**
     * @param lines      the non-blank lines, in file order
     * @param blankLines how many lines were blank (only whitespace)
     */
    record Contents(List<Line> lines, int blankLines) {
    }

    private JsonlFile() {
    }

    /** @throws DatasetFormatException if the file cannot be read, is not UTF-8, or has no non-blank line */
    static Contents read(Path file) {
        List<Line> lines = new ArrayList<>();
        int blank = 0;
        int number = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (number == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    blank++;
                } else {
                    lines.add(new Line(number, text));
                }
            }
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException("file not found: " + file);
        } catch (CharacterCodingException e) {
            throw new DatasetFormatException(file + ":" + firstLineNotUtf8(file) + ": not UTF-8 text (JSONL files must be UTF-8)");
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new DatasetFormatException(file + ": no examples: the file is "
                    + (number == 0 ? "empty" : "blank (" + number + " blank lines)"));
        }
        return new Contents(lines, blank);
    }

    /**
     * The number of the first line that is not valid UTF-8. A reader decodes ahead of the line it
     * returns, so its error does not say which line was bad; this finds it, decoding line by line.
     */
    private static int firstLineNotUtf8(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int number = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    try {
                        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line.toByteArray()));
                    } catch (CharacterCodingException e) {
                        return number;
                    }
                    if (b < 0) {
                        return number;
                    }
                    line.reset();
                    number++;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses one line, which must hold exactly one JSON value. */
    static JsonNode parse(Line line, String location) {
        try (JsonParser parser = JSON.createParser(line.text())) {
            JsonNode node = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new DatasetFormatException(location + ": invalid JSON at column "
                        + parser.currentTokenLocation().getColumnNr() + ": a second value follows the first; JSONL has"
                        + " one JSON object per line");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String column = at == null || at.getColumnNr() < 1 ? "" : " at column " + at.getColumnNr();
            throw new DatasetFormatException(location + ": invalid JSON" + column + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }
}
