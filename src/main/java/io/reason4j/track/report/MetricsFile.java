package io.reason4j.track.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.track.MetricsLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code metrics.jsonl} (track.MetricsLog) as series: every numeric field of every record, by
 * name, in the order first logged. Records of the train and eval phases are placed at their step;
 * the records of any other phase (all logged at one step) at their position within that phase.
 *
 * @param shownAs  the file as the report names it (relative to the run directory)
 * @param records  records read
 * @param series   every metric, in the order first logged
 * @param warnings what was read but is worth saying (a last line cut short)
 */
public record MetricsFile(String shownAs, int records, List<Series> series, List<String> warnings) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads {@code file}; {@code shownAs} is how errors and the report name it.
     *
     * @throws ReportInputException naming the file and line of a line that is not a record (the last
     *     line may be cut short, as a run stopped mid-write leaves it: that is a warning)
     */
    public static MetricsFile read(Path file, String shownAs) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) last--;
        Map<String, Builder> series = new LinkedHashMap<>();
        Map<String, Integer> phaseCounts = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        int records = 0;
        for (int i = 0; i < last; i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String where = shownAs + ":" + (i + 1);
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                if (i == last - 1) {
                    warnings.add(where + ": the last line is cut short (a run stopped while writing it?); left out");
                    break;
                }
                throw new ReportInputException(where + ": not valid JSON (" + e.getOriginalMessage()
                        + "); each line of a metrics file is one JSON object such as {\"step\": 10, \"train/loss\": 1.23}");
            }
            if (!record.isObject()) throw new ReportInputException(where + ": a " + record.getNodeType().toString().toLowerCase()
                    + " where a JSON object such as {\"step\": 10, \"train/loss\": 1.23} was expected");
            JsonNode step = record.get("step");
            if (step == null || !step.canConvertToLong() || !step.isIntegralNumber()) {
                throw new ReportInputException(where + ": " + (step == null ? "no \"step\"" : "\"step\" is " + step)
                        + "; every record needs \"step\": an integer");
            }
            records++;
            String phase = MetricsLog.phase(record);
            boolean onSteps = MetricsLog.onStepAxis(phase);
            int ordinal = phaseCounts.merge(phase, 1, Integer::sum);
            double x = onSteps ? step.asLong() : ordinal;
            String xLabel = onSteps ? "step" : phase + " record";
            for (Map.Entry<String, JsonNode> e : record.properties()) {
                if (e.getKey().equals("step")) continue;
                JsonNode v = e.getValue();
                boolean nonFinite = v.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(v.asText());
                if (!v.isNumber() && !nonFinite) continue; // text such as the phase is not a metric
                String name = MetricsLog.seriesName(phase, e.getKey());
                Builder b = series.computeIfAbsent(name, n -> new Builder(n, xLabel));
                if (v.isNumber() && Double.isFinite(v.asDouble())) b.add(x, v.asDouble());
            }
        }
        List<Series> out = new ArrayList<>();
        for (Builder b : series.values()) out.add(b.build());
        return new MetricsFile(shownAs, records, List.copyOf(out), List.copyOf(warnings));
    }

    private static final class Builder {
        final String name, xLabel;
        double[] x = new double[16], y = new double[16];
        int n;

        Builder(String name, String xLabel) {
            this.name = name;
            this.xLabel = xLabel;
        }

        void add(double px, double py) {
            if (n == x.length) {
                x = Arrays.copyOf(x, 2 * n);
                y = Arrays.copyOf(y, 2 * n);
            }
            x[n] = px;
            y[n++] = py;
        }

        Series build() {
            return new Series(name, xLabel, Arrays.copyOf(x, n), Arrays.copyOf(y, n));
        }
    }
}
