package io.reason4j.rl;

import java.util.HashMap;
import java.util.Map;

/**
 * Mean and standard deviation of the scores R_i within each group (the responses to one prompt),
 * as the group estimators use them. A group of size 1 has mean 0 and std 1 (verl's convention, so
 * its advantage is R_i: the response is its own signal, with no baseline to compare against).
 */
final class GroupStatistics {
    final double[] mean, std;
    final int[] size;

    private GroupStatistics(double[] mean, double[] std, int[] size) {
        this.mean = mean;
        this.std = std;
        this.size = size;
    }

    /** Per response i: the mean, std (unbiased with n − 1, or population with n) and size of its group. */
    static GroupStatistics of(double[] scores, int[] groups, boolean unbiased) {
        Map<Integer, double[]> sums = new HashMap<>(); // group → {n, Σ R, Σ R²}
        for (int i = 0; i < scores.length; i++) {
            double[] s = sums.computeIfAbsent(groups[i], g -> new double[3]);
            s[0]++;
            s[1] += scores[i];
        }
        for (int i = 0; i < scores.length; i++) { // second pass for a numerically plain variance
            double[] s = sums.get(groups[i]);
            double d = scores[i] - s[1] / s[0];
            s[2] += d * d;
        }
        int n = scores.length;
        double[] mean = new double[n], std = new double[n];
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            double[] s = sums.get(groups[i]);
            size[i] = (int) s[0];
            if (size[i] == 1) {
                mean[i] = 0;
                std[i] = 1;
            } else {
                mean[i] = s[1] / s[0];
                std[i] = Math.sqrt(s[2] / (unbiased ? s[0] - 1 : s[0]));
            }
        }
        return new GroupStatistics(mean, std, size);
    }

    /** The per-response value broadcast to each masked-in token of its row (0 elsewhere). */
    static float[][] broadcast(double[] perResponse, float[][] mask) {
        float[][] out = new float[mask.length][];
        for (int i = 0; i < mask.length; i++) {
            out[i] = new float[mask[i].length];
            for (int t = 0; t < mask[i].length; t++) if (mask[i][t] > 0) out[i][t] = (float) perResponse[i];
        }
        return out;
    }
}
