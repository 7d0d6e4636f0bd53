package io.reason4j.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SandboxFusion {@code POST /run_code} wire format (bytedance/SandboxFusion, the sandbox
 * service verl's tool-integrated recipes call), mapped to and from our {@link ToolResult}.
 *
 * <p>Request: {@code {"code", "language", "run_timeout", "compile_timeout", "memory_limit_MB",
 * "stdin", "files": {name: base64}, "fetch_files": []}}. Response: {@code {"status":
 * "Success"|"Failed"|"SandboxError", "message", "compile_result": null, "run_result": {"status":
 * "Finished"|"TimeLimitExceeded"|"Error", "execution_time", "return_code", "stdout", "stderr"},
 * "executor_pod_name": null, "files": {}}}. The API runs code as a script: a trailing expression is
 * not echoed.
 */
final class SandboxFusionProtocol {
    static final ObjectMapper JSON = new ObjectMapper();

    private SandboxFusionProtocol() {}

    static ObjectNode request(String code, SandboxLimits limits) {
        ObjectNode r = JSON.createObjectNode();
        r.put("code", code).put("language", "python").put("run_timeout", limits.wallSeconds())
                .put("compile_timeout", limits.wallSeconds()).put("memory_limit_MB", limits.memoryMb());
        r.putObject("files");
        r.putArray("fetch_files");
        return r;
    }

    /** The call a request asks for, on top of {@code defaults}; a bad field is an {@link IllegalArgumentException} naming it. */
    static PythonCall call(JsonNode request, SandboxLimits defaults) {
        if (request == null || !request.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
        JsonNode code = request.get("code");
        if (code == null || !code.isTextual()) throw new IllegalArgumentException("field 'code' must be a string");
        SandboxLimits limits = defaults;
        JsonNode timeout = request.get("run_timeout");
        if (timeout != null && !timeout.isNull()) {
            if (!timeout.isNumber() || timeout.asDouble() <= 0) throw new IllegalArgumentException("field 'run_timeout' must be a positive number of seconds");
            limits = limits.withWallSeconds(timeout.asDouble()).withCpuSeconds(timeout.asDouble());
        }
        JsonNode memory = request.get("memory_limit_MB");
        if (memory != null && !memory.isNull() && memory.asInt() != -1) {
            if (!memory.canConvertToInt() || memory.asInt() <= 0) throw new IllegalArgumentException("field 'memory_limit_MB' must be a positive integer or -1");
            limits = limits.withMemoryMb(memory.asInt());
        }
        JsonNode stdin = request.get("stdin");
        if (stdin != null && !stdin.isNull() && !stdin.isTextual()) throw new IllegalArgumentException("field 'stdin' must be a string");
        Map<String, String> files = new LinkedHashMap<>();
        JsonNode f = request.get("files");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) throw new IllegalArgumentException("field 'files' must be an object of name: base64 content");
            for (var e : f.properties()) {
                if (!e.getValue().isTextual()) throw new IllegalArgumentException("files['" + e.getKey() + "'] must be a base64 string");
                files.put(e.getKey(), e.getValue().asText());
            }
        }
        return new PythonCall(code.asText(), "", stdin == null || stdin.isNull() ? "" : stdin.asText(), files, limits, false);
    }

    static ObjectNode response(ToolResult result) {
        ObjectNode r = JSON.createObjectNode();
        if (result.status() == ToolStatus.SANDBOX_ERROR) {
            r.put("status", "SandboxError").put("message", result.stderr().strip());
            r.putNull("compile_result");
            r.putNull("run_result");
        } else {
            r.put("status", result.ok() ? "Success" : "Failed").put("message", "");
            r.putNull("compile_result");
            ObjectNode run = r.putObject("run_result");
            boolean timedOut = result.status() == ToolStatus.TIMEOUT;
            run.put("status", timedOut ? "TimeLimitExceeded" : "Finished").put("execution_time", result.wallMillis() / 1000.0);
            if (timedOut) run.putNull("return_code");
            else run.put("return_code", result.exitCode());
            run.put("stdout", result.stdout()).put("stderr", result.stderr());
        }
        r.putNull("executor_pod_name");
        r.putObject("files");
        return r;
    }

    /** Our result for a response; a response of the wrong shape is an {@link IllegalArgumentException}. */
    static ToolResult result(JsonNode response) {
        String status = text(response, "status");
        if (status.equals("SandboxError")) {
            JsonNode message = response.get("message");
            return ToolResult.sandboxError("remote sandbox error: " + (message == null ? "" : message.asText()), 0);
        }
        JsonNode run = response.get("run_result");
        if (run == null || !run.isObject()) {
            JsonNode compile = response.get("compile_result");
            if (compile != null && compile.isObject()) run = compile; // a compile failure (not for Python)
            else throw new IllegalArgumentException("response has no run_result");
        }
        String runStatus = text(run, "status");
        JsonNode code = run.get("return_code");
        int exit = code == null || code.isNull() ? -1 : code.asInt();
        double millis = run.path("execution_time").asDouble() * 1000.0;
        String stdout = run.path("stdout").asText(""), stderr = run.path("stderr").asText("");
        ToolStatus ours = switch (runStatus) {
            case "TimeLimitExceeded" -> ToolStatus.TIMEOUT;
            case "Finished" -> exit == 0 ? ToolStatus.OK : ToolStatus.ERROR;
            case "Error" -> ToolStatus.ERROR;
            default -> throw new IllegalArgumentException("unknown run_result.status '" + runStatus + "'");
        };
        return new ToolResult(ours, stdout, stderr, exit, millis);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("response field '" + field + "' is missing or not a string");
        return v.asText();
    }
}
