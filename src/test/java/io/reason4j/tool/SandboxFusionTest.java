package io.reason4j.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our client against our server over real HTTP, and both against SandboxFusion's documented format. */
class SandboxFusionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PythonSandbox sandbox;
    private static SandboxFusionServer server;
    private static URI endpoint;

    @BeforeAll
    static void start() throws IOException {
        sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(List.of("math")));
        server = SandboxFusionServer.start(sandbox, "127.0.0.1", 0);
        endpoint = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
        sandbox.close();
    }

    @Test
    void clientAndServerCarryOutputErrorsAndTimeouts() {
        try (SandboxFusionClient client = new SandboxFusionClient(List.of(endpoint), SandboxLimits.DEFAULTS.withWallSeconds(1), 3, 8)) {
            ToolResult ok = client.execute("print(1+1)\n3 * 3");
            assertThat(ok.status()).isEqualTo(ToolStatus.OK);
            assertThat(ok.stdout()).isEqualTo("2\n"); // a script: the trailing expression is not echoed
            ToolResult error = client.execute("1/0");
            assertThat(error.status()).isEqualTo(ToolStatus.ERROR);
            assertThat(error.exitCode()).isEqualTo(1);
            assertThat(error.stderr()).endsWith("ZeroDivisionError: division by zero\n");
            ToolResult timeout = client.execute("while True: pass");
            assertThat(timeout.status()).isEqualTo(ToolStatus.TIMEOUT);
        }
    }

    @Test
    void serverAnswersInSandboxFusionsFormatWithStdinAndFiles() throws Exception {
        String body = "{\"code\": \"import sys\\nprint(sys.stdin.read().upper(), open('data/x.txt').read())\", \"language\": \"python\","
                + " \"run_timeout\": 5, \"memory_limit_MB\": -1, \"stdin\": \"hi\","
                + " \"files\": {\"data/x.txt\": \"" + Base64.getEncoder().encodeToString("file!".getBytes()) + "\"}}";
        JsonNode r = post(body, 200);
        assertThat(r.get("status").asText()).isEqualTo("Success");
        assertThat(r.get("message").asText()).isEmpty();
        assertThat(r.get("compile_result").isNull()).isTrue();
        JsonNode run = r.get("run_result");
        assertThat(run.get("status").asText()).isEqualTo("Finished");
        assertThat(run.get("return_code").asInt()).isZero();
        assertThat(run.get("stdout").asText()).isEqualTo("HI file!\n");
        assertThat(run.get("execution_time").asDouble()).isPositive().isLessThan(5);
        JsonNode timeout = post("{\"code\": \"while True: pass\", \"run_timeout\": 0.5}", 200);
        assertThat(timeout.get("status").asText()).isEqualTo("Failed");
        assertThat(timeout.get("run_result").get("status").asText()).isEqualTo("TimeLimitExceeded");
        assertThat(timeout.get("run_result").get("return_code").isNull()).isTrue();
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        assertThat(post("{\"language\": \"python\"}", 422).get("detail").asText()).isEqualTo("field 'code' must be a string");
        assertThat(post("not json", 422).get("detail").asText()).startsWith("the body is not valid JSON");
        assertThat(post("{\"code\": \"1\", \"run_timeout\": -3}", 422).get("detail").asText()).contains("run_timeout");
        assertThat(post("{\"code\": \"1\", \"files\": {\"../escape\": \"eA==\"}}", 200).get("status").asText()).isEqualTo("SandboxError");
        JsonNode cpp = post("{\"code\": \"int main(){}\", \"language\": \"cpp\"}", 200);
        assertThat(cpp.get("status").asText()).isEqualTo("SandboxError");
        assertThat(cpp.get("message").asText()).contains("language 'cpp' is not supported");
    }

    @Test
    void clientReadsTheResponseSandboxFusionDocuments() {
        // The sample response of SandboxFusion's README (bytedance/SandboxFusion), verbatim.
        String sample = """
                {"status": "Success", "message": "", "compile_result": null,
                 "run_result": {"status": "Finished", "execution_time": 0.016735315322875977, "return_code": 0,
                                "stdout": "Hello, world!\\n", "stderr": ""},
                 "executor_pod_name": null, "files": {}}""";
        ToolResult r = SandboxFusionProtocol.result(readTree(sample));
        assertThat(r).isEqualTo(new ToolResult(ToolStatus.OK, "Hello, world!\n", "", 0, 16.735315322875977));
    }

    @Test
    void unreachableEndpointsAreRetriedThenReportedAsASandboxError() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + closedPort);
        try (SandboxFusionClient failover = new SandboxFusionClient(List.of(dead, endpoint), SandboxLimits.DEFAULTS, 3, 4)) {
            assertThat(failover.execute("print('up')").stdout()).isEqualTo("up\n");
            assertThat(failover.execute("print('up')").stdout()).isEqualTo("up\n");
        }
        try (SandboxFusionClient nothing = new SandboxFusionClient(List.of(dead), SandboxLimits.DEFAULTS, 2, 4)) {
            ToolResult r = nothing.execute("print(1)");
            assertThat(r.status()).isEqualTo(ToolStatus.SANDBOX_ERROR);
            assertThat(r.stderr()).startsWith("remote sandbox: " + dead + " could not be reached: ConnectException");
        }
    }

    /**
     * A body well over the limit (64 MB: more than loopback buffers hold) gets its 413, not a reset connection: the server reads the rest before
     * answering. Sent as curl or Python's requests send it, the whole body before reading the answer
     * (Java's HttpClient would read an early answer and hide the reset).
     */
    @Test
    void aSixtyFourMegabyteBodyGetsItsFourThirteen() throws Exception {
        byte[] body = JSON.createObjectNode().put("code", "x = '" + "a".repeat(64 << 20) + "'").put("language", "python").toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String status;
        try (java.net.Socket socket = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /run_code HTTP/1.1\r\nHost: " + endpoint.getHost() + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int from = 0; from < body.length; from += 1 << 16) out.write(body, from, Math.min(1 << 16, body.length - from));
            out.flush();
            status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
        }
        assertThat(status).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(post("{\"code\": \"print(1)\", \"language\": \"python\"}", 200).path("run_result").path("stdout").asText()).isEqualTo("1\n");
    }

    private static JsonNode post(String body, int expectedStatus) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/run_code"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
            return JSON.readTree(response.body());
        }
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
