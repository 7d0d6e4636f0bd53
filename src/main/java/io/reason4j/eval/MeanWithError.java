package io.reason4j.eval;

import java.util.List;

/**
 * A mean over problems and its standard error, {@code s / √P} with the sample standard deviation
 * {@code s} (P − 1 in the denominator), so that two evaluations' differences can be judged against
 * the noise of a 30-problem benchmark. The error is NaN for a single problem.
 */
public record MeanWithError(double mean, double standardError) {

    public static MeanWithError of(List<Double> values) {
        int p = values.size();
        if (p == 0) return new MeanWithError(Double.NaN, Double.NaN);
        double sum = 0;
        for (double v : values) sum += v;
        double mean = sum / p;
        if (p == 1) return new MeanWithError(mean, Double.NaN);
        double squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        return new MeanWithError(mean, Math.sqrt(squares / (p - 1) / p));
    }
}
