package io.reason4j.eval;

/** A problem with an evaluation's inputs or its output directory, written for the user (no stack trace). */
public final class EvaluationException extends RuntimeException {
    public EvaluationException(String message) {
        super(message);
    }
}
