package io.reason4j.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SandboxConcurrencyTest {

    @Test
    void concurrentCallsFromManyThreadsGetTheirOwnResults() throws Exception {
        try (PythonSandbox sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withServers(2));
             ExecutorService callers = Executors.newFixedThreadPool(24)) {
            List<Future<String>> mismatches = new ArrayList<>();
            for (int caller = 0; caller < 24; caller++) {
                int c = caller;
                mismatches.add(callers.submit(() -> {
                    StringBuilder wrong = new StringBuilder();
                    for (int call = 0; call < 10; call++) {
                        // Different run times so that results come back out of order.
                        String code = "import time\ntime.sleep(" + ((c * 7 + call * 3) % 5) * 0.01 + ")\nprint(" + c + " * 1000 + " + call + ")";
                        ToolResult r = sandbox.execute(code);
                        String expected = (c * 1000 + call) + "\n";
                        if (!r.ok() || !r.stdout().equals(expected)) wrong.append(c).append('/').append(call).append(": ").append(r).append('\n');
                    }
                    return wrong.toString();
                }));
            }
            for (Future<String> m : mismatches) assertThat(m.get()).isEmpty();
            assertThat(sandbox.inFlight()).isZero();
        }
    }

    @Test
    void aCallThatKillsItsWholeServerComesBackAsASandboxErrorAndTheServerIsReplaced() {
        try (PythonSandbox sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(List.of()))) {
            SandboxServer victim = sandboxServer(sandbox);
            victim.close();
            ToolResult next = sandbox.execute("print('back')");
            assertThat(next.stdout()).isEqualTo("back\n");
        }
    }

    private static SandboxServer sandboxServer(PythonSandbox sandbox) {
        try {
            var field = PythonSandbox.class.getDeclaredField("servers");
            field.setAccessible(true);
            return ((SandboxServer[]) field.get(sandbox))[0];
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
