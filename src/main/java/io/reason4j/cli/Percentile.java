package io.reason4j.cli;

/** Percentiles of benchmark samples: the sample at rank floor(p·n) of the ascending list (p = 1 gives the maximum). */
final class Percentile {
    private Percentile() {}

    static double of(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
