package io.reason4j.rl;

/** The configured estimator, then whitening when the configuration asks for it (or, on auto, the estimator does). */
public final class AdvantageComputation {
    private AdvantageComputation() {}

    public static Advantages compute(AdvantageInputs in, AdvantageConfig config) {
        AdvantageEstimator estimator = AdvantageEstimators.of(config.estimator());
        Advantages raw = estimator.estimate(in, config);
        boolean whiten = switch (config.whiten()) {
            case "always" -> true;
            case "never" -> false;
            default -> estimator.whitensByDefault();
        };
        return whiten ? new Advantages(AdvantageWhitening.whiten(raw.advantages(), in.mask(), config.epsilon()), raw.returns()) : raw;
    }
}
