package io.reason4j.data;

/**
 * A dataset file that reason4j cannot use: a line that is not valid JSON, a field of the wrong type,
 * a conversation the chat template cannot mask, a file without a single trainable example.
 *
 * <p>This is an error for the user, not for a developer: the command line prints only its message,
 * without a stack trace. So every message names the file, the line number and the field, what was
 * expected and what was found, e.g.
 * {@code train.jsonl:17: field "messages"[2].role: expected one of system, user, assistant, tool, got "bot"}.
 */
public final class DatasetFormatException extends RuntimeException {

    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
