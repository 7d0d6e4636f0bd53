package io.reason4j.reward;

/**
 * An answer nested deeper than {@link CheckBudget#SHALLOW_DEPTH}: the check starts again on a thread
 * with a stack for the whole depth budget. A control signal, so it carries no stack trace.
 */
final class DeepAnswerException extends RuntimeException {
    DeepAnswerException() {
        super("nested deeper than " + CheckBudget.SHALLOW_DEPTH + " levels", null, false, false);
    }
}
