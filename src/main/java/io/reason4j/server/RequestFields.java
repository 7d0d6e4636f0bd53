package io.reason4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * Typed reads of a request body's fields. A field that is absent or JSON null takes its default;
 * one of the wrong type or out of range is a 400 that names it. Fields the server does not know
 * are ignored, as vLLM does, so clients written for other servers keep working.
 */
final class RequestFields {
    private final JsonNode body;

    RequestFields(JsonNode body) {
        if (body == null || !body.isObject()) throw ApiException.badRequest(null, "the request body must be a JSON object");
        this.body = body;
    }

    JsonNode get(String name) {
        JsonNode v = body.get(name);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    String string(String name, String fallback) {
        JsonNode v = get(name);
        if (v == null) return fallback;
        if (!v.isTextual()) throw wrongType(name, "a string", v);
        return v.asText();
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = get(name);
        if (v == null) return fallback;
        if (!v.isBoolean()) throw wrongType(name, "true or false", v);
        return v.asBoolean();
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    Integer integer(String name, Integer fallback, long min, long max) {
        JsonNode v = get(name);
        if (v == null) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw wrongType(name, "an integer", v);
        long x = v.asLong();
        if (x < min || x > max) throw ApiException.badRequest(name, name + " must be " + range(min, max) + ", got " + x);
        return (int) x;
    }

    /** A 64-bit integer (a seed), or null when absent. */
    Long longValue(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw wrongType(name, "a 64-bit integer", v);
        return v.asLong();
    }

    /** A number that {@code valid} accepts ({@code expected} says which, e.g. "in (0, 1]"), or {@code fallback}. */
    double number(String name, double fallback, DoublePredicate valid, String expected) {
        JsonNode v = get(name);
        if (v == null) return fallback;
        if (!v.isNumber()) throw wrongType(name, "a number", v);
        double x = v.asDouble();
        if (!valid.test(x)) throw ApiException.badRequest(name, name + " must be " + expected + ", got " + v.asText());
        return x;
    }

    /** A string or an array of strings (OpenAI's {@code stop}); each must be non-empty. */
    List<String> strings(String name) {
        JsonNode v = get(name);
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        if (v.isTextual()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) throw ApiException.badRequest(name, name + " must be a string or an array of strings, found " + brief(e) + " in the array");
                out.add(e.asText());
            }
        } else {
            throw wrongType(name, "a string or an array of strings", v);
        }
        for (String s : out) if (s.isEmpty()) throw ApiException.badRequest(name, name + " must not hold an empty string");
        return out;
    }

    /** An array of token ids in [0, vocab). */
    List<Integer> tokenIds(String name, int vocab) {
        JsonNode v = get(name);
        List<Integer> out = new ArrayList<>();
        if (v == null) return out;
        if (!v.isArray()) throw wrongType(name, "an array of token ids", v);
        for (JsonNode e : v) out.add(tokenId(name, e, vocab));
        return out;
    }

    static int tokenId(String name, JsonNode e, int vocab) {
        if (!e.isIntegralNumber()) throw ApiException.badRequest(name, name + " must hold token ids (integers), found " + brief(e));
        long id = e.asLong();
        if (id < 0 || id >= vocab) {
            throw ApiException.badRequest(name, name + " holds token id " + id + ", outside the model's vocabulary [0, " + vocab + ")");
        }
        return (int) id;
    }

    /** Refuses a field we cannot honour unless it has its neutral value. */
    void unsupported(String name, double neutral) {
        JsonNode v = get(name);
        if (v != null && !(v.isNumber() && v.asDouble() == neutral)) {
            throw ApiException.badRequest(name, name + " is not supported by this server (only " + neutralText(neutral) + " is)");
        }
    }

    void unsupportedTrue(String name) {
        JsonNode v = get(name);
        if (v != null && !(v.isBoolean() && !v.asBoolean())) {
            throw ApiException.badRequest(name, name + " is not supported by this server (only false is)");
        }
    }

    static ApiException wrongType(String name, String expected, JsonNode v) {
        return ApiException.badRequest(name, name + " must be " + expected + ", found " + brief(v));
    }

    private static String neutralText(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private static String range(long min, long max) {
        if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) return ">= " + min;
        return "in [" + min + ", " + max + "]";
    }

    /** A JSON value as an error message shows it: short. */
    static String brief(JsonNode v) {
        String s = v.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
