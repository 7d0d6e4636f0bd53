package io.reason4j.data.task;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One difficulty knob of a task, with its default and what it may be, for validation and for
 * display ({@code reason4j config show}-like listings).
 *
 * @param key          the option's name within its task, e.g. {@code steps}
 * @param defaultValue the value when the option is not given: an Integer, a Boolean or a String
 * @param description  what it changes, in one line
 * @param kind         the type of value it takes
 * @param min          the smallest allowed integer ({@link Kind#INTEGER} only)
 * @param max          the largest allowed integer ({@link Kind#INTEGER} only)
 * @param choices      the allowed strings ({@link Kind#CHOICE}), or the allowed characters, one per
 *                     entry ({@link Kind#CHARACTERS}); empty otherwise
 */
public record TaskOption(String key, Object defaultValue, String description, Kind kind, int min, int max, List<String> choices) {

    /** The types of value an option takes. */
    public enum Kind {
        INTEGER,
        BOOLEAN,
        /** One string out of a list. */
        CHOICE,
        /** A non-empty set of characters out of an alphabet, e.g. the operations {@code "+-*"}. */
        CHARACTERS
    }

    public TaskOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
    }

    public static TaskOption integer(String key, int defaultValue, int min, int max, String description) {
        return new TaskOption(key, defaultValue, description, Kind.INTEGER, min, max, List.of());
    }

    public static TaskOption bool(String key, boolean defaultValue, String description) {
        return new TaskOption(key, defaultValue, description, Kind.BOOLEAN, 0, 0, List.of());
    }

    public static TaskOption choice(String key, String defaultValue, List<String> choices, String description) {
        return new TaskOption(key, defaultValue, description, Kind.CHOICE, 0, 0, choices);
    }

    /** A set of characters out of {@code alphabet}, written as a string ({@code "+-*"}) or a list ({@code ["+", "-"]}). */
    public static TaskOption characters(String key, String defaultValue, String alphabet, String description) {
        return new TaskOption(key, defaultValue, description, Kind.CHARACTERS, 0, 0, alphabet.chars().mapToObj(Character::toString).toList());
    }

    /** What is allowed, in words, for error messages and listings. */
    public String allowed() {
        return switch (kind) {
            case INTEGER -> "an integer in [" + min + ", " + max + "]";
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case CHARACTERS -> "one or more of the characters " + String.join(" ", choices) + " (a string such as \"" + defaultValue + "\", or a list)";
        };
    }

    /**
     * The value as the task uses it (Integer, Boolean, String; characters in alphabet order, without
     * repeats), or a {@link TaskOptionException} naming {@code task.<task>.<key>}.
     */
    Object check(String task, Object value) {
        String path = "task." + task + "." + key;
        return switch (kind) {
            case INTEGER -> {
                BigInteger n = integral(value);
                if (n == null) throw wrong(path, value);
                if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) throw wrong(path, value);
                yield n.intValueExact();
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean b)) throw wrong(path, value);
                yield b;
            }
            case CHOICE -> {
                if (!(value instanceof String s) || !choices.contains(s)) throw wrong(path, value);
                yield s;
            }
            case CHARACTERS -> characterSet(path, value);
        };
    }

    private String characterSet(String path, Object value) {
        String given;
        if (value instanceof String s) {
            given = s;
        } else if (value instanceof List<?> list && list.stream().allMatch(e -> e instanceof String s && s.length() == 1)) {
            given = String.join("", list.stream().map(String.class::cast).toList());
        } else {
            throw wrong(path, value);
        }
        StringBuilder set = new StringBuilder();
        for (String c : choices) if (given.contains(c)) set.append(c);
        boolean onlyAlphabet = given.chars().allMatch(c -> choices.contains(Character.toString(c)));
        if (set.isEmpty() || !onlyAlphabet) throw wrong(path, value);
        return set.toString();
    }

    /** Integers of any Java integer type; a decimal such as 3.0 is refused, as a config file should say 3. */
    private static BigInteger integral(Object value) {
        return switch (value) {
            case Integer i -> BigInteger.valueOf(i);
            case Long l -> BigInteger.valueOf(l);
            case Short s -> BigInteger.valueOf(s);
            case Byte b -> BigInteger.valueOf(b);
            case BigInteger b -> b;
            case null, default -> null;
        };
    }

    private TaskOptionException wrong(String path, Object value) {
        return new TaskOptionException(path, "got " + describe(value) + "; allowed: " + allowed());
    }

    static String describe(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return "\"" + s + "\" (a string)";
        return value + " (" + typeName(value) + ")";
    }

    private static String typeName(Object value) {
        return switch (value) {
            case Integer _, Long _, Short _, Byte _, BigInteger _ -> "an integer";
            case Double _, Float _ -> "a decimal number";
            case Boolean _ -> "a boolean";
            case List<?> _ -> "a list";
            case Map<?, ?> _ -> "a map";
            default -> value.getClass().getSimpleName();
        };
    }
}
