package io.reason4j.rl;

import java.util.Collection;

/**
 * A configuration value that is not allowed: names the key (relative to its section; {@link
 * RlConfigLoader} adds the section path, the file and the line) and says what would be right.
 */
public final class ConfigValueException extends IllegalArgumentException {
    private final String key;

    public ConfigValueException(String key, String message) {
        super(message);
        this.key = key;
    }

    /**
     * A value found wrong while a run starts, after loading (against the model, the data): the message
     * names the whole dotted key, since no loader is there to add it.
     */
    public static ConfigValueException named(String key, String message) {
        return new ConfigValueException(key, "key '" + key + "' " + message);
    }

    /** The key within its section, e.g. {@code clip_high}. */
    public String key() {
        return key;
    }

    static String oneOf(String key, String value, Collection<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new ConfigValueException(key, "is " + (value == null ? "missing" : "'" + value + "'") + "; allowed values: " + String.join(", ", allowed));
        }
        return value;
    }

    static double inRange(String key, double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw new ConfigValueException(key, "is " + value + "; allowed: a number in [" + low + ", " + high + "]");
        }
        return value;
    }

    static int inRange(String key, int value, int low, int high) {
        if (value < low || value > high) throw new ConfigValueException(key, "is " + value + "; allowed: an integer in [" + low + ", " + high + "]");
        return value;
    }

    static int atLeast(String key, int value, int low) {
        if (value < low) throw new ConfigValueException(key, "is " + value + "; allowed: an integer ≥ " + low);
        return value;
    }
}
