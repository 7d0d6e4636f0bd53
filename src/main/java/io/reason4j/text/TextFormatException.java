package io.reason4j.text;

/**
 * A tokenizer file or chat template that reason4j cannot use.
 *
 * <p>This is an error for the user, not for a developer: the command line prints only its
 * message, without a stack trace. So every message names the file (or template) and the field,
 * what was expected and what was found.
 */
public final class TextFormatException extends RuntimeException {

    public TextFormatException(String message) {
        super(message);
    }

    public TextFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
