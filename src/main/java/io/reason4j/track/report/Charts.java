package io.reason4j.track.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's charts, built with JFreeChart: lines of metrics against steps, and points with
 * standard-error bars (pass@k / maj@k against k, accuracy against thinking tokens). One look for all:
 * white background, light grid, the legend below, and series colours from {@link #PALETTE} in order.
 */
public final class Charts {
    public static final int WIDTH = 640, HEIGHT = 360;
    /** Tableau 10: distinct hues that stay apart for readers with the common colour-vision deficiencies. */
    public static final List<Color> PALETTE = List.of(new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2),
            new Color(0x59a14f), new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7), new Color(0x9c755f), new Color(0xbab0ac));
    /** A series with at most this many points is drawn with a marker at each point (a line alone hides where the data is). */
    static final int MARKERS_UP_TO = 50;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15), LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12),
            TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /**
     * Points with a standard error each (a series of an eval curve or a budget sweep).
     *
     * @param se standard errors, or null when the source gives none
     */
    public record ErrorSeries(String name, double[] x, double[] y, double[] se) {}

    static {
        ChartImages.useHeadlessAwt();
    }

    private Charts() {}

    /** A plot of metric lines against their x (steps, or a phase's records). */
    public static JFreeChart lines(PlotPlan.Plot plot) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < plot.series().size(); i++) {
            Series s = plot.series().get(i).decimated(Series.MAX_PLOTTED_POINTS);
            XYSeries xy = new XYSeries(s.name(), false, true); // in logged order, as the run went
            for (int k = 0; k < s.size(); k++) xy.add(s.x()[k], s.y()[k]);
            data.addSeries(xy);
            renderer.setSeriesShapesVisible(i, s.size() <= MARKERS_UP_TO);
        }
        NumberAxis x = new NumberAxis(plot.xLabel());
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // steps and records are whole numbers
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = yAxis(plot.unit());
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : plot.series()) {
            for (double v : s.y()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi - lo <= 1e-9 * Math.max(Math.abs(hi), Double.MIN_NORMAL)) {
            // All values equal: a range around them, not JFreeChart's ±5e-9 around the value.
            double half = hi == 0 ? 1 : Math.abs(hi) * 0.1;
            y.setRange(hi - half, hi + half);
        }
        return chart(plot.title(), new XYPlot(data, x, y, renderer));
    }

    /** Points joined by lines, each with a ±1 standard-error bar; x on a log₂ scale when {@code log2X} (k of pass@k). */
    public static JFreeChart withErrorBars(String title, String xLabel, String yLabel, List<ErrorSeries> series, boolean log2X) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (ErrorSeries s : series) {
            YIntervalSeries ys = new YIntervalSeries(s.name(), false, true);
            for (int k = 0; k < s.x().length; k++) {
                double se = s.se() == null ? 0 : s.se()[k];
                ys.add(s.x()[k], s.y()[k], s.y()[k] - se, s.y()[k] + se);
            }
            data.addSeries(ys);
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        renderer.setCapLength(6);
        ValueAxis x;
        if (log2X) {
            LogAxis log = new LogAxis(xLabel);
            log.setBase(2);
            log.setTickUnit(new NumberTickUnit(1)); // a tick at every power of two
            log.setNumberFormatOverride(new DecimalFormat("0"));
            log.setSmallestValue(0.5);
            x = log;
        } else {
            NumberAxis n = new NumberAxis(xLabel);
            n.setAutoRangeIncludesZero(false);
            x = n;
        }
        return chart(title, new XYPlot(data, x, yAxis(yLabel), renderer));
    }

    private static NumberAxis yAxis(String label) {
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(false); // the change is what a reader looks for, as in TensorBoard
        return y;
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(new Color(0xbbbbbb));
        Color grid = new Color(0xe3e3e3);
        plot.setDomainGridlinePaint(grid);
        plot.setRangeGridlinePaint(grid);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE.get(i % PALETTE.size()));
            renderer.setSeriesStroke(i, new BasicStroke(1.75f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        renderer.setDrawSeriesLineAsPath(true); // one path per series, not a segment per pair of points
        renderer.setDefaultShapesFilled(true);
        renderer.setLegendLine(new Rectangle2D.Double(-9, -1, 18, 2));
        for (ValueAxis a : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
            a.setLabelFont(LABEL);
            a.setTickLabelFont(TICK);
            a.setLabelPaint(Color.DARK_GRAY);
            a.setTickLabelPaint(Color.DARK_GRAY);
        }
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(6, 6, 6, 12));
        TextTitle t = chart.getTitle();
        t.setPaint(new Color(0x222222));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(LABEL);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
