package io.reason4j.data.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.model.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces as SFT data in the segments format (docs/data-formats.md, "Segments"): the question as the
 * user message, the response as segments with {@code "train": false} on interpreter output, so
 * {@code SftDataset.read} masks it.
 * <pre>
 * {"id": "arithmetic-7", "prompt": [{"role": "user", "content": "Compute 347*28-1923."}],
 *  "completion": [{"text": "&lt;code&gt;\nprint(347*28)\n&lt;/code&gt;", "train": true},
 *                 {"text": "&lt;interpreter&gt;\n9716\n&lt;/interpreter&gt;\n", "train": false}, ...]}
 * </pre>
 */
public final class SegmentsJsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SegmentsJsonl() {}

    /** Writes one line per trace; the file is replaced all at once, so a reader never sees half of it. */
    public static void write(Path file, List<Trace> traces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Trace t : traces) out.writeBytes((line(t) + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(file, out.toByteArray());
    }

    /** The JSON line of one trace. */
    public static String line(Trace trace) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", trace.problem().id());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("role", "user");
        user.put("content", trace.problem().question());
        row.put("prompt", List.of(user));
        List<Map<String, Object>> completion = new ArrayList<>();
        for (TraceSegment s : trace.segments()) {
            Map<String, Object> segment = new LinkedHashMap<>();
            segment.put("text", s.text());
            segment.put("train", s.train());
            completion.add(segment);
        }
        row.put("completion", completion);
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and lists always serialise", e);
        }
    }
}
