package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
    @TempDir Path dir;

    /** Runs the command line with stdout and stderr captured: {exit code, stdout, stderr}. */
    static Object[] run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            int code = Main.run(args);
            return new Object[] {code, o.toString(), e.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void showsAPresetAndAUserFileLayeredOnIt() throws Exception {
        Object[] r = run("config", "show", "dapo");
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) r[1]).contains("preset: dapo", "clip_high: 0.28", "dynamic_sampling: true", "aggregation: token-mean");
        Path file = Files.writeString(dir.resolve("mine.yaml"), "preset: dapo\nsampling:\n  group_size: 4\n");
        r = run("config", "show", "--file", file.toString());
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) r[1]).contains("group_size: 4", "clip_high: 0.28");
    }

    @Test
    void aBadKeyIsOneLineNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "preset: grpo\nkl:\n  estimator: k4\n");
        Object[] r = run("config", "show", "--file", file.toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("bad.yaml:3", "kl.estimator", "k1, k2, k3").doesNotContain("Exception");
    }
}
