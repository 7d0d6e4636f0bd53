package io.reason4j.rl;

/**
 * An advantage estimator chosen by name ({@link AdvantageEstimators}); methods.md, "Advantage
 * estimators". Whitening over the batch is not part of {@link #estimate}: {@link
 * AdvantageComputation} applies it when the configuration (or, on {@code auto}, {@link
 * #whitensByDefault}) asks for it.
 */
public interface AdvantageEstimator {
    /** The name used in configuration files. */
    String name();

    /** Whether it reads {@link AdvantageInputs#values()} (then a critic is trained). */
    default boolean needsCritic() {
        return false;
    }

    /** Whether {@code whiten: auto} whitens its advantages (gae and REINFORCE++: yes; group estimators: no). */
    boolean whitensByDefault();

    Advantages estimate(AdvantageInputs in, AdvantageConfig config);
}
