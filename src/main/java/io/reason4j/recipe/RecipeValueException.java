package io.reason4j.recipe;

/**
 * A recipe value that is not allowed: names the key within its section; {@link RecipeLoader} adds
 * the section, the file and the line.
 */
public final class RecipeValueException extends IllegalArgumentException {
    private final String key;

    public RecipeValueException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
