package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runPrintsOneJsonObjectWithTheIssuesFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("loop.py");
        Files.writeString(file, "print('start')\nwhile True:\n    pass\n");
        CommandLineTest.Result r = CommandLineTest.run("sandbox", "run", file.toString(), "--timeout", "1", "--memory", "256");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("status").asText()).isEqualTo("timeout");
        assertThat(out.get("stdout").asText()).isEqualTo("start\n");
        assertThat(out.get("stderr").asText()).contains("TimeoutError");
        assertThat(out.get("exit_code").asInt()).isEqualTo(-9);
        assertThat(out.get("wall_ms").asDouble()).isBetween(900.0, 3000.0);
        assertThat(out.properties()).extracting(e -> e.getKey()).containsExactly("status", "stdout", "stderr", "exit_code", "wall_ms");
    }

    @Test
    void mistakesAreOneLineErrors() {
        CommandLineTest.Result missing = CommandLineTest.run("sandbox", "run", "/no/such/file.py");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("reason4j sandbox run: no such file: /no/such/file.py");
        CommandLineTest.Result badTimeout = CommandLineTest.run("sandbox", "run", "/no/such/file.py", "--timeout", "0");
        assertThat(badTimeout.exit()).isEqualTo(2);
        CommandLineTest.Result badPort = CommandLineTest.run("sandbox", "serve", "--port", "70000");
        assertThat(badPort.err().strip()).isEqualTo("reason4j sandbox serve: --port must be between 0 and 65535, got 70000");
    }
}
