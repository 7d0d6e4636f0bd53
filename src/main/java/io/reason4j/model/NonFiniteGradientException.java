package io.reason4j.model;

/**
 * The gradients hold a NaN or an infinity, so their norm is not finite and they must not be
 * applied: one such update would turn every parameter it touches into NaN. The trainer catches
 * this to skip the update (and count it) or to stop.
 */
public final class NonFiniteGradientException extends RuntimeException {
    private final double norm;

    public NonFiniteGradientException(double norm, String message) {
        super(message);
        this.norm = norm;
    }

    /** The global norm that was found: NaN or infinity. */
    public double norm() {
        return norm;
    }
}
