package io.reason4j.rl;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running means of named metrics (one value per mini-batch, say), in the order first seen. */
final class MetricMeans {
    private final Map<String, double[]> sums = new LinkedHashMap<>();

    void add(String name, double value) {
        if (Double.isNaN(value)) return;
        double[] s = sums.computeIfAbsent(name, k -> new double[2]);
        s[0] += value;
        s[1]++;
    }

    void addAll(Map<String, Double> values) {
        values.forEach(this::add);
    }

    /** The mean of each metric; metrics that only ever got NaN are absent. */
    Map<String, Double> means() {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }
}
