package io.reason4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value inside one line of a JSONL file, with where it is, so that every complaint about it
 * can say {@code train.jsonl:17: field "messages"[2].role: expected ..., got ...}.
 *
 * <p>A missing key and JSON {@code null} are both "absent" for optional fields; a required field
 * that is absent is reported as missing.
 */
final class JsonField {

    private static final int QUOTED_LIMIT = 40;

    private final JsonNode node;
    private final String location;
    private final String path;

    private JsonField(JsonNode node, String location, String path) {
        this.node = node;
        this.location = location;
        this.path = path;
    }

    /**
     * The object of one line.
     *
     * @param location {@code file:line}, the start of every error message
     */
    static JsonField line(JsonNode object, String location) {
        return new JsonField(object, location, "");
    }

    String location() {
        return location;
    }

    /** The field's path as error messages write it, e.g. {@code "messages"[2].role}. */
    String path() {
        return path;
    }

    JsonNode node() {
        return node;
    }

    JsonField get(String key) {
        JsonNode child = node == null ? null : node.get(key);
        return new JsonField(child, location, path.isEmpty() ? "\"" + key + "\"" : path + "." + key);
    }

    JsonField get(int index) {
        return new JsonField(node.get(index), location, path + "[" + index + "]");
    }

    /** Present with a value other than null. */
    boolean present() {
        return node != null && !node.isNull();
    }

    boolean isString() {
        return present() && node.isTextual();
    }

    boolean isArray() {
        return present() && node.isArray();
    }

    /** The keys of an object, in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    String string() {
        if (!isString()) {
            throw expected("a string");
        }
        return node.textValue();
    }

    boolean bool() {
        if (!present() || !node.isBoolean()) {
            throw expected("true or false");
        }
        return node.booleanValue();
    }

    /** The elements of a list; {@code what} says what the list should hold, for the error. */
    List<JsonField> elements(String what) {
        if (!isArray()) {
            throw expected(what);
        }
        List<JsonField> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(get(i));
        }
        return out;
    }

    JsonField object(String what) {
        if (!present() || !node.isObject()) {
            throw expected(what);
        }
        return this;
    }

    /**
     * A list of token ids in [0, vocabSize); vocabSize 0 means unknown, then only negatives are
     * refused.
     */
    int[] tokenIds(int vocabSize) {
        String what = vocabSize > 0 ? "a list of token ids in [0, " + vocabSize + ")" : "a list of non-negative token ids";
        List<JsonField> elements = elements(what);
        int[] ids = new int[elements.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode e = elements.get(i).node;
            if (e == null || !e.isIntegralNumber() || !e.canConvertToInt() || e.intValue() < 0
                    || vocabSize > 0 && e.intValue() >= vocabSize) {
                throw elements.get(i).expected(vocabSize > 0 ? "a token id in [0, " + vocabSize + ")" : "a non-negative token id");
            }
            ids[i] = e.intValue();
        }
        return ids;
    }

    /** A list of 0/1 (or false/true) flags. */
    boolean[] flags() {
        List<JsonField> elements = elements("a list of 0 and 1");
        boolean[] flags = new boolean[elements.size()];
        for (int i = 0; i < flags.length; i++) {
            JsonNode e = elements.get(i).node;
            if (e != null && e.isBoolean()) {
                flags[i] = e.booleanValue();
            } else if (e != null && e.isIntegralNumber() && (e.intValue() == 0 || e.intValue() == 1)) {
                flags[i] = e.intValue() == 1;
            } else {
                throw elements.get(i).expected("0 or 1");
            }
        }
        return flags;
    }

    /** The value as plain Java (maps, lists, strings, numbers, booleans, null), for a chat template. */
    Object toJava() {
        return toJava(node == null ? JsonNodeFactory.instance.nullNode() : node);
    }

    private static Object toJava(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            n.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        } else if (n.isArray()) {
            List<Object> list = new ArrayList<>(n.size());
            n.forEach(e -> list.add(toJava(e)));
            return list;
        } else if (n.isTextual()) {
            return n.textValue();
        } else if (n.isBoolean()) {
            return n.booleanValue();
        } else if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        } else if (n.isNumber()) {
            return n.doubleValue();
        }
        return null;
    }

    /** "file:line: field PATH: expected WHAT, got VALUE". */
    DatasetFormatException expected(String what) {
        return problem("expected " + what + ", got " + describe(node));
    }

    /** "file:line: field PATH: MESSAGE" (or "file:line: MESSAGE" for the line itself). */
    DatasetFormatException problem(String message) {
        return new DatasetFormatException(location + ": " + (path.isEmpty() ? "" : "field " + path + ": ") + message);
    }

    /** How a value is named in an error: strings quoted (and cut short), other values by kind. */
    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing (the field is missing)";
        } else if (n.isNull()) {
            return "null";
        } else if (n.isTextual()) {
            String quoted = n.toString();
            return quoted.length() <= QUOTED_LIMIT ? quoted : quoted.substring(0, QUOTED_LIMIT - 4) + "...\"";
        } else if (n.isNumber() || n.isBoolean()) {
            return n.asText();
        } else if (n.isArray()) {
            return n.isEmpty() ? "an empty list" : "a list";
        } else if (n.isObject()) {
            return "an object";
        }
        return n.getNodeType().toString().toLowerCase();
    }
}
