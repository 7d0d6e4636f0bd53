package io.reason4j.track.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One metric's values in the order they were logged: the points of one line in a plot.
 *
 * @param name   the metric as shown ({@code MetricsLog.seriesName}: {@code reward/mean}, {@code value_pretrain/critic/value_loss})
 * @param xLabel what x counts: {@code step}, or the records of a phase off the step axis
 * @param x      x of each point
 * @param y      the finite values (a value logged as NaN or infinite is left out, so the line has a gap in x)
 */
public record Series(String name, String xLabel, double[] x, double[] y) {
    /** Points a line may have in a plot; longer series are reduced by {@link #decimated}. */
    public static final int MAX_PLOTTED_POINTS = 2000;

    public Series {
        if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
    }

    public int size() {
        return x.length;
    }

    /** The largest absolute value (0 for an empty series): what decides which values share an axis. */
    public double scale() {
        double m = 0;
        for (double v : y) m = Math.max(m, Math.abs(v));
        return m;
    }

    /**
     * At most {@code max} points for drawing: the first and last point and, in each of equal
     * buckets of the points between, the lowest and the highest in their order, so that spikes stay
     * visible (min–max decimation, as plotting libraries do for long time series). Shorter series are
     * returned as they are.
     */
    public Series decimated(int max) {
        int n = size();
        if (n <= max) return this;
        int buckets = (max - 2) / 2;
        List<Integer> keep = new ArrayList<>();
        keep.add(0);
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) b * (n - 2) / buckets), to = 1 + (int) ((long) (b + 1) * (n - 2) / buckets);
            if (from >= to) continue;
            int lo = from, hi = from;
            for (int i = from; i < to; i++) {
                if (y[i] < y[lo]) lo = i;
                if (y[i] > y[hi]) hi = i;
            }
            keep.add(Math.min(lo, hi));
            if (lo != hi) keep.add(Math.max(lo, hi));
        }
        keep.add(n - 1);
        double[] dx = new double[keep.size()], dy = new double[keep.size()];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = x[keep.get(i)];
            dy[i] = y[keep.get(i)];
        }
        return new Series(name, xLabel, dx, dy);
    }
}
