package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reason4j serve}: mistakes are one line, exit code 2 (the server itself is tested in io.reason4j.server). */
class ServeCommandTest {
    @TempDir Path dir;

    @Test
    void badOptionsAndAMissingModelAreOneLineErrors() throws Exception {
        CommandLineTest.Result r = CommandLineTest.run("serve", "--model", dir.resolve("nowhere").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("reason4j serve: model directory").contains("does not exist").doesNotContain("Exception");

        r = CommandLineTest.run("serve", "--model", dir.toString(), "--max-batch", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--max-batch must be at least 1, got 0");

        r = CommandLineTest.run("serve", "--model", dir.toString(), "--enable-auto-tool-choice");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--enable-auto-tool-choice and --tool-call-parser go together");
        r = CommandLineTest.run("serve", "--model", dir.toString(), "--enable-auto-tool-choice", "--tool-call-parser", "llama3_json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--tool-call-parser must be hermes").contains("got llama3_json");

        Path model = dir.resolve("m");
        assertThat(CommandLineTest.run("init-model", "--arch", "llama", "--vocab", "16", "--hidden", "16", "--layers", "1", "--heads", "2",
                "--kv-heads", "1", "--intermediate", "16", "--out", model.toString()).exit()).isZero();
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            r = CommandLineTest.run("serve", "--model", model.toString(), "--port", "" + busy.getLocalPort());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort()).contains("pick another --port");
        }
    }
}
