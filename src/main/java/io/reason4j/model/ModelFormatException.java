package io.reason4j.model;

/**
 * A model file (config.json, safetensors, shard index) that reason4j cannot use, read or write.
 *
 * <p>This is an error for the user, not for a developer: the command line prints only its
 * message, without a stack trace. So every message names the file, the key or tensor, what was
 * expected and what was found, in words a user can act on.
 */
public final class ModelFormatException extends RuntimeException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
