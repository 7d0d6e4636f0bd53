package io.reason4j.eval;

/**
 * The unbiased pass@k estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on
 * Code", eq. 1): with {@code n} samples of which {@code c} are correct, the chance that at least one
 * of {@code k} samples drawn without replacement is correct, {@code 1 − C(n−c, k) / C(n, k)}.
 * Computed as the product {@code 1 − ∏_{i=n−c+1}^{n} (1 − k/i)}, which never forms the binomials
 * (they overflow long before n reaches the hundreds).
 */
public final class PassAtK {
    private PassAtK() {}

    public static double estimate(int n, int c, int k) {
        if (n < 1) throw new IllegalArgumentException("pass@k needs at least one sample, got n = " + n);
        if (c < 0 || c > n) throw new IllegalArgumentException("correct samples must be in [0, " + n + "], got " + c);
        if (k < 1 || k > n) throw new IllegalArgumentException("k must be in [1, n = " + n + "], got " + k);
        if (n - c < k) return 1.0; // every k-subset holds a correct sample
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) allWrong *= 1.0 - (double) k / i;
        return 1.0 - allWrong;
    }
}
