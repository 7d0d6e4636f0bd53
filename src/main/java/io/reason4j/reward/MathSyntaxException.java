package io.reason4j.reward;

/** An answer that is not readable as mathematics; the verifier then falls back to comparing text. */
final class MathSyntaxException extends RuntimeException {
    MathSyntaxException(String message) {
        super(message, null, false, false);
    }
}
