package io.reason4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent numpy implementation of the HF architecture (src/test/python/reference_decoder.py)
 * in a Python subprocess. Needs python3 with numpy; the project's .ci/run installs it.
 */
public final class ReferenceDecoder {
    private static final Path SCRIPT = Path.of("src/test/python/reference_decoder.py");
    private static String python;

    private ReferenceDecoder() {}

    /** Full log-softmax rows per position, per sequence: result[seq][pos][vocab]; values too when present. */
    public static JsonNode score(Path modelDir, List<int[]> sequences) throws IOException, InterruptedException {
        Path batch = Files.createTempFile("reference-batch", ".json");
        try {
            Files.writeString(batch, new ObjectMapper().writeValueAsString(Map.of("sequences", sequences)));
            Process p = new ProcessBuilder(python(), SCRIPT.toString(), "--model", modelDir.toString(),
                    "--batch-file", batch.toString()).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("reference decoder failed: " + err);
            }
            return new ObjectMapper().readTree(out).get("results");
        } finally {
            Files.deleteIfExists(batch);
        }
    }

    /**
     * The reference's training loss over a packed batch and its central differences for chosen
     * parameters ({@code reference_decoder.py --loss-file}; see token_loss there for the fields).
     */
    public static JsonNode loss(Path modelDir, Map<String, Object> batch) throws IOException, InterruptedException {
        Path file = Files.createTempFile("reference-loss", ".json");
        try {
            Files.writeString(file, new ObjectMapper().writeValueAsString(batch));
            Process p = new ProcessBuilder(python(), SCRIPT.toString(), "--model", modelDir.toString(),
                    "--loss-file", file.toString()).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("reference decoder failed: " + err);
            }
            return new ObjectMapper().readTree(out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    public static synchronized String python() throws IOException, InterruptedException {
        if (python != null) return python;
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) return python = candidate;
            } catch (IOException notThere) {
                // try the next one
            }
        }
        throw new AssertionError("the parity tests need python3 with numpy (apt-get install python3-numpy);"
                + " .ci/run installs it");
    }
}
