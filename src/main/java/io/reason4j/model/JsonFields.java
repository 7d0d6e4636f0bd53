package io.reason4j.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to the keys of one JSON object from a model file, with errors written for users.
 *
 * <p>Model files come from many hands (converters, fine-tuning scripts, people editing JSON by
 * hand), so every read says which file and key were wrong and what type was expected. Keys that
 * are absent or JSON {@code null} are treated alike, as transformers does. Unknown keys are
 * ignored: HF configs carry many keys that do not affect the forward pass.
 */
final class JsonFields {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode object;
    private final Path file;
    private final String prefix;

    private JsonFields(JsonNode object, Path file, String prefix) {
        this.object = object;
        this.file = file;
        this.prefix = prefix;
    }

    /** Reads a whole JSON file that must hold one object. */
    static JsonFields read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException("file not found: " + file);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file, "JSON");
    }

    /**
     * Parses bytes that must hold one JSON object.
     *
     * @param what what the bytes are, for the error message (e.g. "safetensors header JSON")
     */
    static JsonFields parse(byte[] json, Path file, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ModelFormatException(file + ": malformed " + what + where + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(file + ": expected a JSON object in the " + what
                    + ", found " + describe(root));
        }
        return new JsonFields(root, file, "");
    }

    Path file() {
        return file;
    }

    /** The underlying object, for callers that iterate over its entries. */
    JsonNode node() {
        return object;
    }

    /** Whether the key is present with a non-null value. */
    boolean has(String key) {
        JsonNode v = object.get(key);
        return v != null && !v.isNull();
    }

    int requireInt(String key) {
        requirePresent(key);
        return optInt(key, 0);
    }

    int optInt(String key, int defaultValue) {
        Integer v = optInteger(key);
        return v == null ? defaultValue : v;
    }

    /** The integer value of the key, or null if absent. */
    Integer optInteger(String key) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(key, "an integer", v);
        }
        return v.intValue();
    }

    long requireLong(String key) {
        requirePresent(key);
        JsonNode v = object.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(key, "an integer", v);
        }
        return v.longValue();
    }

    double requireDouble(String key) {
        requirePresent(key);
        return optDouble(key, 0);
    }

    double optDouble(String key, double defaultValue) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isNumber()) {
            throw wrongType(key, "a number", v);
        }
        return v.doubleValue();
    }

    boolean optBoolean(String key, boolean defaultValue) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            throw wrongType(key, "true or false", v);
        }
        return v.booleanValue();
    }

    String requireString(String key) {
        requirePresent(key);
        return optString(key);
    }

    /** The string value of the key, or null if absent. */
    String optString(String key) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(key, "a string", v);
        }
        return v.textValue();
    }

    /** A list of strings, or null if absent. */
    List<String> optStringList(String key) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (!v.isArray()) {
            throw wrongType(key, "a list of strings", v);
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw wrongType(key, "a list of strings", v);
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** A required list of non-negative integers, e.g. a tensor shape or byte offsets. */
    long[] requireLongList(String key) {
        requirePresent(key);
        JsonNode v = object.get(key);
        if (!v.isArray()) {
            throw wrongType(key, "a list of non-negative integers", v);
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToLong() || e.longValue() < 0) {
                throw wrongType(key, "a list of non-negative integers", v);
            }
            out[i] = e.longValue();
        }
        return out;
    }

    /** An integer or a list of integers as a list; empty if absent (as eos_token_id may be). */
    List<Integer> intOrIntList(String key) {
        JsonNode v = object.get(key);
        List<Integer> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                    throw wrongType(key, "an integer or a list of integers", v);
                }
                out.add(e.intValue());
            }
            return out;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(key, "an integer or a list of integers", v);
        }
        out.add(v.intValue());
        return out;
    }

    /** A nested object, or null if absent; its errors name keys as {@code key.sub}. */
    JsonFields optObject(String key) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(key, "an object", v);
        }
        return new JsonFields(v, file, prefix + key + ".");
    }

    void requirePresent(String key) {
        if (!has(key)) {
            throw new ModelFormatException(file + ": missing key '" + prefix + key + "'");
        }
    }

    ModelFormatException wrongType(String key, String expected, JsonNode found) {
        return new ModelFormatException(file + ": key '" + prefix + key + "' must be " + expected
                + ", found " + describe(found));
    }

    /** An error about the value of a key (right type, wrong value). */
    ModelFormatException invalid(String key, String problem) {
        return new ModelFormatException(file + ": key '" + prefix + key + "' " + problem);
    }

    private static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        String text = v.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        String kind = v.isTextual() ? "a string" : v.isArray() ? "a list" : v.isObject() ? "an object"
                : v.isBoolean() ? "a boolean" : v.isNumber() ? "a number" : "null";
        return text + " (" + kind + ")";
    }
}
