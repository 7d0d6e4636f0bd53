package io.reason4j.track.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which series share a plot. Series share one when they have the same x (steps, or the records of one
 * phase), the same {@link Theme} and the same unit, and when their values are of a like size: a
 * series whose largest value is under 1/{@value #SCALE_RATIO} of the largest in its plot would be a flat line
 * at the bottom, so it starts the next plot. A plot holds at most {@value #MAX_SERIES} series, so that
 * every line keeps a colour of its own.
 */
public final class PlotPlan {
    static final double SCALE_RATIO = 20;
    public static final int MAX_SERIES = 8;

    /**
     * One plot's worth of series.
     *
     * @param slug   unique within its section, for file names ({@code reward}, {@code time-fraction}, {@code loss-2})
     * @param title  shown above the plot
     * @param theme  the theme it belongs to
     * @param unit   the y-axis label
     * @param xLabel the x-axis label
     * @param series in the order first logged
     */
    public record Plot(String slug, String title, Theme theme, String unit, String xLabel, List<Series> series) {}

    private PlotPlan() {}

    /** The plots of a file's series, by x axis (steps first), theme order, unit, then size. Empty series are not plotted. */
    public static List<Plot> of(List<Series> all) {
        record Key(String xLabel, Theme theme, String unit) {}
        Map<Key, List<Series>> groups = new LinkedHashMap<>();
        List<String> xLabels = new ArrayList<>();
        for (Series s : all) {
            if (s.size() == 0) continue;
            Theme t = Theme.of(s.name());
            groups.computeIfAbsent(new Key(s.xLabel(), t, t.unit(s.name())), k -> new ArrayList<>()).add(s);
            if (!xLabels.contains(s.xLabel())) xLabels.add(s.xLabel());
        }
        xLabels.sort(Comparator.comparing(x -> !x.equals("step"))); // stable: other phases keep their order
        List<Key> keys = new ArrayList<>(groups.keySet());
        keys.sort(Comparator.comparing((Key k) -> xLabels.indexOf(k.xLabel())).thenComparing(Key::theme)); // stable: units in first-seen order
        List<Plot> plots = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        for (Key k : keys) {
            List<List<Series>> panels = bySize(groups.get(k));
            for (int i = 0; i < panels.size(); i++) {
                StringBuilder slug = new StringBuilder(k.theme().slug), title = new StringBuilder(k.theme().title);
                if (!k.unit().equals(k.theme().defaultUnit)) {
                    slug.append('-').append(slugOf(k.unit()));
                    title.append(" (").append(k.unit()).append(')');
                }
                if (!k.xLabel().equals("step")) {
                    String phase = k.xLabel().replace(" record", "");
                    slug.append('-').append(slugOf(phase));
                    title.append(", ").append(phase);
                }
                if (i > 0) {
                    slug.append('-').append(i + 1);
                    title.append(" (").append(i + 1).append(')');
                }
                String unique = slug.toString();
                for (int n = 2; !slugs.add(unique); n++) unique = slug + "-" + n;
                plots.add(new Plot(unique, title.toString(), k.theme(), k.unit(), k.xLabel(), panels.get(i)));
            }
        }
        return List.copyOf(plots);
    }

    /** Splits series of one theme and unit into panels of like size, each in the order first logged. */
    static List<List<Series>> bySize(List<Series> group) {
        List<Series> bySize = new ArrayList<>(group);
        bySize.sort(Comparator.comparingDouble(Series::scale).reversed());
        List<List<Series>> panels = new ArrayList<>();
        List<Series> current = null;
        double top = 0;
        for (Series s : bySize) {
            // Sorted by size, so series of zeros come last and join whatever plot has room.
            boolean fits = current != null && current.size() < MAX_SERIES && (s.scale() == 0 || s.scale() * SCALE_RATIO >= top);
            if (!fits) {
                current = new ArrayList<>();
                panels.add(current);
                top = s.scale();
            }
            current.add(s);
        }
        for (List<Series> p : panels) p.sort(Comparator.comparingInt(group::indexOf));
        return panels;
    }

    /** Lower-case letters, digits and single hyphens: safe in file names and HTML ids. */
    static String slugOf(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "x" : s;
    }
}
