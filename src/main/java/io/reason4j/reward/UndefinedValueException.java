package io.reason4j.reward;

/** A value that does not exist: division by zero, a logarithm of a negative number, ∞ as a number. */
final class UndefinedValueException extends RuntimeException {
    UndefinedValueException(String message) {
        super(message, null, false, false);
    }
}
