package io.reason4j.cli;

/** A command-line argument that cannot be used; printed as one line, no stack trace. */
final class UserInputException extends RuntimeException {
    UserInputException(String message) {
        super(message);
    }
}
