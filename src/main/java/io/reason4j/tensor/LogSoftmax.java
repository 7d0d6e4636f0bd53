package io.reason4j.tensor;

/** Numerically stable log-softmax and softmax over rows. */
public final class LogSoftmax {
    private LogSoftmax() {}

    /** Writes log-softmax of x[off, off+n) into out[outOff, ...); returns the log-sum-exp. */
    public static double forward(float[] x, int off, int n, double[] out, int outOff) {
        double lse = logSumExp(x, off, n);
        for (int i = 0; i < n; i++) out[outOff + i] = x[off + i] - lse;
        return lse;
    }

    /** log Σ exp(x[off..off+n)), computed in double after subtracting the maximum. */
    public static double logSumExp(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[off + i]);
        if (max == Float.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(x[off + i] - max);
        return max + Math.log(sum);
    }
}
