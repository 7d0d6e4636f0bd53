package io.reason4j.tool;

/**
 * Limits on one sandboxed call. Each violation ends the call and comes back to the model as an
 * error text (a {@link ToolResult}), never as an exception.
 *
 * @param wallSeconds    wall-clock time from dispatch; the call is killed at this point (status timeout)
 * @param cpuSeconds     CPU time of the call's processes (RLIMIT_CPU, whole seconds, rounded up; status timeout)
 * @param memoryMb       address space the code may add to the warm interpreter's (RLIMIT_AS; status memory)
 * @param maxProcesses   processes and threads the call may have at once (RLIMIT_NPROC within the call)
 * @param maxFileMb      size of any one file it writes (RLIMIT_FSIZE: the write fails with "File too large")
 * @param maxOutputBytes stdout + stderr bytes kept; past this the call is killed (status output_limit)
 */
public record SandboxLimits(double wallSeconds, double cpuSeconds, int memoryMb, int maxProcesses, int maxFileMb,
                            int maxOutputBytes) {

    /** Defaults close to those of public tool-integrated RL recipes (verl's sandbox tool: 10 s, 1 GB). */
    public static final SandboxLimits DEFAULTS = new SandboxLimits(10, 10, 1024, 64, 16, 1 << 20);

    public SandboxLimits {
        positive("wall_seconds", wallSeconds);
        positive("cpu_seconds", cpuSeconds);
        positive("memory_mb", memoryMb);
        positive("max_processes", maxProcesses);
        positive("max_file_mb", maxFileMb);
        positive("max_output_bytes", maxOutputBytes);
    }

    private static void positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("sandbox limit " + field + " must be a positive number, got " + value);
        }
    }

    public SandboxLimits withWallSeconds(double seconds) {
        return new SandboxLimits(seconds, cpuSeconds, memoryMb, maxProcesses, maxFileMb, maxOutputBytes);
    }

    public SandboxLimits withCpuSeconds(double seconds) {
        return new SandboxLimits(wallSeconds, seconds, memoryMb, maxProcesses, maxFileMb, maxOutputBytes);
    }

    public SandboxLimits withMemoryMb(int mb) {
        return new SandboxLimits(wallSeconds, cpuSeconds, mb, maxProcesses, maxFileMb, maxOutputBytes);
    }
}
