package io.reason4j.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxSetupTest {

    @Test
    void withoutBubblewrapCodeIsRefusedUnlessTheUserOptsOut(@TempDir Path empty) {
        assertThatThrownBy(() -> SandboxLaunch.findBubblewrap(empty.toString()))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("bubblewrap (bwrap) is not installed")
                .hasMessageContaining("scripts/install-sandbox")
                .hasMessageContaining("--no-isolation");
    }

    @Test
    void aMissingInterpreterIsNamed() {
        SandboxConfig config = new SandboxConfig(Path.of("/nowhere/python3"), List.of(), 1, 0, 8, SandboxLimits.DEFAULTS, true, true);
        assertThatThrownBy(() -> PythonSandbox.start(config))
                .isInstanceOf(SandboxUnavailableException.class).hasMessageContaining("/nowhere/python3");
    }

    @Test
    void badLimitsAndConfigurationNameTheField() {
        assertThatThrownBy(() -> SandboxLimits.DEFAULTS.withWallSeconds(0)).hasMessageContaining("wall_seconds");
        assertThatThrownBy(() -> SandboxLimits.DEFAULTS.withMemoryMb(-5)).hasMessageContaining("memory_mb");
        assertThatThrownBy(() -> SandboxConfig.DEFAULTS.withPreload(List.of("os; import shutil")))
                .hasMessageContaining("not a Python module name");
    }

    @Test
    void withoutIsolationCodeStillRunsWithItsLimits() {
        try (PythonSandbox unisolated = PythonSandbox.start(SandboxConfig.DEFAULTS.withIsolation(false).withPreload(List.of())
                .withLimits(SandboxLimits.DEFAULTS.withWallSeconds(1)))) {
            assertThat(unisolated.execute("print(1+1)").stdout()).isEqualTo("2\n");
            assertThat(unisolated.execute("while True: pass").status()).isEqualTo(ToolStatus.TIMEOUT);
            assertThat(unisolated.execute("import os\nprint(os.listdir('.'))").stdout()).isEqualTo("[]\n");
        }
    }

    @Test
    void outputTruncationKeepsHeadAndTail() {
        assertThat(OutputTruncation.keepHeadAndTail("short", 10)).isEqualTo("short");
        assertThat(OutputTruncation.keepHeadAndTail("0123456789abcdefghij", 8)).isEqualTo("0123\n... [12 characters cut] ...\nghij");
        assertThat(OutputTruncation.keepHeadAndTail("ab\uD83D\uDE00cd\uD83D\uDE00ef", 6))
                .isEqualTo("ab\n... [6 characters cut] ...\nef"); // neither emoji is split in half
    }
}
