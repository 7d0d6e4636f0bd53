package io.reason4j.track.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report's markup: one self-contained page, well-formed XHTML (so that tests read it with the
 * JDK's XML parser), the style inline, the plots as inline SVG, no script and nothing fetched from
 * anywhere. Text from the run's files is escaped wherever it appears.
 */
final class ReportPage {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;color:#222;background:#f7f7f7;\
            margin:0 auto;max-width:1400px;padding:12px 24px 48px}
            h1{font-size:22px;margin:12px 0 4px}
            h2{font-size:19px;margin:36px 0 8px;padding-bottom:4px;border-bottom:2px solid #d8d8d8}
            h3{font-size:15px;margin:20px 0 6px;color:#444}
            p.meta,p.source{color:#555;font-size:13px;margin:2px 0}
            nav ul{margin:4px 0;padding-left:20px;font-size:13px}
            ul.notes{background:#fff6e0;border:1px solid #f0d890;padding:6px 24px;font-size:13px}
            .row{display:flex;flex-wrap:wrap;gap:4px 24px;align-items:flex-start}
            .row>figure{flex:1 1 460px;max-width:680px}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:12px}
            figure{margin:0;background:#fff;border:1px solid #e0e0e0;border-radius:4px;padding:4px}
            svg.plot{display:block;width:100%;height:auto}
            figcaption{font-size:12px;color:#666;padding:2px 6px}
            table{border-collapse:collapse;font-size:13px;background:#fff;margin:4px 0 8px}
            th,td{border:1px solid #e0e0e0;padding:3px 8px;text-align:right;font-variant-numeric:tabular-nums}
            th{background:#f0f0f0}
            .text{text-align:left}
            a{color:#2a5d9f}
            """;

    private final StringBuilder b = new StringBuilder();

    ReportPage(String title) {
        // The policy makes the browser refuse (and report on its console) anything the page would fetch:
        // a page that renders without console messages is self-contained (scripts/check-report).
        b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>").append(escape(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    }

    ReportPage raw(String markup) {
        b.append(markup);
        return this;
    }

    ReportPage element(String tag, String cssClass, String text) {
        b.append('<').append(tag);
        if (cssClass != null) b.append(" class=\"").append(escape(cssClass)).append('"');
        b.append('>').append(escape(text)).append("</").append(tag).append(">\n");
        return this;
    }

    ReportPage openSection(String id, String title) {
        b.append("<section id=\"").append(escape(id)).append("\">\n");
        return element("h2", null, title);
    }

    ReportPage closeSection() {
        b.append("</section>\n");
        return this;
    }

    ReportPage list(String cssClass, List<String> items) {
        b.append("<ul class=\"").append(escape(cssClass)).append("\">\n");
        for (String i : items) b.append("<li>").append(escape(i)).append("</li>\n");
        b.append("</ul>\n");
        return this;
    }

    /** Links to the sections: {@code (id, title)} pairs. */
    ReportPage contents(List<String[]> sections) {
        b.append("<nav>\n<ul>\n");
        for (String[] s : sections) {
            b.append("<li><a href=\"#").append(escape(s[0])).append("\">").append(escape(s[1])).append("</a></li>\n");
        }
        b.append("</ul>\n</nav>\n");
        return this;
    }

    /** Tables and plots side by side, wrapping when the window is narrow. */
    ReportPage openRow() {
        b.append("<div class=\"row\">\n");
        return this;
    }

    ReportPage closeRow() {
        b.append("</div>\n");
        return this;
    }

    ReportPage openGrid() {
        b.append("<div class=\"grid\">\n");
        return this;
    }

    ReportPage closeGrid() {
        b.append("</div>\n");
        return this;
    }

    /** A plot: its inline SVG, and a caption linking its PNG. {@code data-series} lists the lines in legend order. */
    ReportPage figure(String id, String svg, String png, List<String> series) {
        b.append("<figure id=\"").append(escape(id)).append("\" data-series=\"").append(escape(String.join("\n", series)))
                .append("\">\n").append(svg).append("\n<figcaption><a href=\"").append(escape(png)).append("\">").append(escape(png))
                .append("</a></figcaption>\n</figure>\n");
        return this;
    }

    /** A table; a column whose cells all start like a number is aligned right (header too), any other left. */
    ReportPage table(List<String> header, List<List<String>> rows) {
        boolean[] numeric = new boolean[header.size()];
        for (int c = 0; c < numeric.length; c++) {
            boolean any = false, all = true;
            for (List<String> row : rows) {
                String cell = c < row.size() ? row.get(c) : "";
                if (cell.isEmpty()) continue;
                any = true;
                all &= cell.matches("[-+−]?[0-9∞].*|NaN");
            }
            numeric[c] = any && all;
        }
        b.append("<table>\n<tr>");
        for (int c = 0; c < header.size(); c++) b.append(numeric[c] ? "<th>" : "<th class=\"text\">").append(escape(header.get(c))).append("</th>");
        b.append("</tr>\n");
        for (List<String> row : rows) {
            b.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                b.append(c < numeric.length && numeric[c] ? "<td>" : "<td class=\"text\">").append(escape(row.get(c))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        return this;
    }

    /**
     * A JSON object as a table of its fields: nested objects flattened to dotted keys, lists of
     * objects as a table of their own below, other lists joined.
     */
    ReportPage jsonTable(JsonNode object) {
        List<List<String>> rows = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> lists = new ArrayList<>();
        flatten("", object, rows, lists);
        openRow();
        b.append("<div>\n");
        table(List.of("field", "value"), rows);
        b.append("</div>\n");
        for (Map.Entry<String, JsonNode> l : lists) {
            Set<String> columns = new LinkedHashSet<>();
            for (JsonNode item : l.getValue()) item.fieldNames().forEachRemaining(columns::add);
            List<List<String>> itemRows = new ArrayList<>();
            for (JsonNode item : l.getValue()) {
                List<String> row = new ArrayList<>();
                for (String c : columns) row.add(item.has(c) ? value(item.get(c)) : "");
                itemRows.add(row);
            }
            b.append("<div>\n");
            element("p", "source", l.getKey());
            table(List.copyOf(columns), itemRows);
            b.append("</div>\n");
        }
        return closeRow();
    }

    private static void flatten(String prefix, JsonNode node, List<List<String>> rows, List<Map.Entry<String, JsonNode>> lists) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) flatten(key + ".", v, rows, lists);
            else if (v.isArray() && !v.isEmpty() && v.get(0).isObject()) lists.add(Map.entry(key, v));
            else rows.add(List.of(key, value(v)));
        }
    }

    private static String value(JsonNode v) {
        if (v.isNumber()) return v.isIntegralNumber() ? v.asText() : number(v.asDouble());
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(value(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v.isObject()) return v.toString();
        return v.asText();
    }

    /** A number for people: integers as they are, others to 4 significant digits, very small or large ones in e-notation. */
    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.format(Locale.ROOT, "%d", (long) v);
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            String s = String.format(Locale.ROOT, "%.4g", v);
            return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /** Text made safe for XHTML content and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                default -> {
                    // XML 1.0 forbids most control characters even as references
                    if (c < 0x20 && c != '\t' && c != '\r') out.append('?');
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }

    String finish() {
        b.append("</body>\n</html>\n");
        return b.toString();
    }
}
