package io.reason4j.rl;

import java.util.List;
import java.util.Map;

/**
 * The options of one reward term, read by name with their defaults: a value of the wrong type is an
 * error naming {@code options.<key>}, and an option the term does not have is refused before any is
 * read (a misspelt option is never silently ignored).
 */
final class TermOptions {
    private final String term;
    private final Map<String, Object> values;
    private final List<String> known;

    /** @param known the term's options: any other given is an error, before any value is read */
    TermOptions(String term, Map<String, Object> values, List<String> known) {
        this.term = term;
        this.values = values;
        this.known = known;
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new ConfigValueException("options." + key, "is not an option of the " + term + " term; its options: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)));
            }
        }
    }

    double number(String key, double fallback) {
        Object v = take(key);
        if (v == null) return fallback;
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) throw bad(key, v, "a number");
        return n.doubleValue();
    }

    int integer(String key, int fallback) {
        Object v = take(key);
        if (v == null) return fallback;
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) throw bad(key, v, "an integer");
        return ((Number) v).intValue();
    }

    boolean bool(String key, boolean fallback) {
        Object v = take(key);
        if (v == null) return fallback;
        if (!(v instanceof Boolean b)) throw bad(key, v, "true or false");
        return b;
    }

    String text(String key, String fallback) {
        Object v = take(key);
        if (v == null) return fallback;
        if (!(v instanceof String s)) throw bad(key, v, "text");
        return s;
    }

    List<String> texts(String key, List<String> fallback) {
        Object v = take(key);
        if (v == null) return fallback;
        if (!(v instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(x -> x instanceof String)) throw bad(key, v, "a list of texts");
        return list.stream().map(String.class::cast).toList();
    }

    /** An error about option {@code key}'s value. */
    ConfigValueException invalid(String key, String message) {
        return new ConfigValueException("options." + key, message);
    }

    private Object take(String key) {
        if (!known.contains(key)) throw new IllegalStateException("the " + term + " term reads option " + key + ", which it does not declare");
        return values.get(key);
    }

    private ConfigValueException bad(String key, Object v, String expected) {
        return invalid(key, "is " + v + "; allowed: " + expected);
    }
}
