package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reason4j.engine.remote.RemoteOptions;
import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.PythonTool;
import io.reason4j.tool.SandboxConfig;
import io.reason4j.tool.SandboxFusionClient;
import io.reason4j.tool.SandboxLimits;
import java.net.URI;
import java.util.List;

/**
 * Section {@code sandbox}: where the interpreter's code runs and its limits per call, with
 * {@code sampling.tools: python} (docs/sandbox.md). Defaults are {@link SandboxLimits#DEFAULTS}
 * (verl's sandbox tool: 10 s, 1 GB).
 *
 * @param backend        local (the bubblewrap sandbox on this machine, a pool of warm interpreters) or
 *                       sandbox_fusion (SandboxFusion's {@code /run_code} API, e.g. {@code reason4j sandbox
 *                       serve} or ByteDance's service). Default local.
 * @param endpoints      sandbox_fusion: the service's URLs, comma-separated (balanced, retried). Default "".
 * @param wallSeconds    wall-clock time of one call. Default 10.
 * @param cpuSeconds     CPU time of one call (local only: SandboxFusion's API has only the wall time). Default 10.
 * @param memoryMb       memory one call may add. Default 1024.
 * @param maxProcesses   processes and threads of one call (local only). Default 64.
 * @param maxFileMb      size of any file a call writes (local only). Default 16.
 * @param maxOutputBytes stdout + stderr bytes a call may print before it is killed (local only). Default 1048576.
 */
public record SandboxBackendConfig(
        @JsonProperty("backend") String backend,
        @JsonProperty("endpoints") String endpoints,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("cpu_seconds") double cpuSeconds,
        @JsonProperty("memory_mb") int memoryMb,
        @JsonProperty("max_processes") int maxProcesses,
        @JsonProperty("max_file_mb") int maxFileMb,
        @JsonProperty("max_output_bytes") int maxOutputBytes) {

    public static final List<String> BACKENDS = List.of("local", "sandbox_fusion");

    public SandboxBackendConfig {
        ConfigValueException.oneOf("backend", backend, BACKENDS);
        if (endpoints == null) endpoints = "";
        if (backend.equals("sandbox_fusion")) {
            if (endpoints.isBlank()) throw new ConfigValueException("endpoints", "is empty; backend sandbox_fusion needs the service's URLs, e.g. http://localhost:8080");
            try {
                RemoteOptions.parseEndpoints(endpoints);
            } catch (RuntimeException e) {
                throw new ConfigValueException("endpoints", "is '" + endpoints + "': " + e.getMessage());
            }
        }
        ConfigValueException.inRange("wall_seconds", wallSeconds, 0.001, 86_400);
        ConfigValueException.inRange("cpu_seconds", cpuSeconds, 0.001, 86_400);
        ConfigValueException.atLeast("memory_mb", memoryMb, 1);
        ConfigValueException.atLeast("max_processes", maxProcesses, 1);
        ConfigValueException.atLeast("max_file_mb", maxFileMb, 1);
        ConfigValueException.atLeast("max_output_bytes", maxOutputBytes, 1);
    }

    public static SandboxBackendConfig defaults() {
        SandboxLimits d = SandboxLimits.DEFAULTS;
        return new SandboxBackendConfig("local", "", d.wallSeconds(), d.cpuSeconds(), d.memoryMb(), d.maxProcesses(), d.maxFileMb(), d.maxOutputBytes());
    }

    public SandboxLimits limits() {
        return new SandboxLimits(wallSeconds, cpuSeconds, memoryMb, maxProcesses, maxFileMb, maxOutputBytes);
    }

    /** Starts the sandbox this section describes, its local pool warm with {@code preload}; the caller closes it. */
    public PythonTool open(List<String> preload) {
        if (backend.equals("sandbox_fusion")) {
            List<URI> urls = RemoteOptions.parseEndpoints(endpoints);
            return new SandboxFusionClient(urls, limits(), RemoteOptions.DEFAULT_MAX_ATTEMPTS, 64);
        }
        return PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(preload).withLimits(limits()));
    }
}
