package io.reason4j.distill;

/** A distillation or selection that cannot go on because of the user's inputs; printed as one line, no stack trace. */
public final class DistillException extends RuntimeException {
    public DistillException(String message) {
        super(message);
    }
}
