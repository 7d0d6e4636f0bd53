package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line mistakes of issue 20 (item 6), each made as a user would: one line naming the
 * path or the line and what was expected, exit code 2, no stack trace, nothing left behind.
 */
class CommandLineMistakesTest {
    @TempDir Path dir;

    static void oneLine(CommandLineTest.Result r, String... expected) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ").contains(expected);
    }

    @Test
    void aMissingOrUnreadableConfigurationFileIsNamed() throws Exception {
        Path missing = dir.resolve("missing.yaml");
        oneLine(CommandLineTest.run("train", "--config", missing.toString()), missing + ": no such file");
        oneLine(CommandLineTest.run("train", "--config", dir.toString()), dir + " is a directory; expected a YAML file");
        oneLine(CommandLineTest.run("config", "show", "--file", missing.toString()), missing + ": no such file");
    }

    @Test
    void aYamlSyntaxErrorNamesItsLineInOneLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "preset: grpo\ntraining:\n  steps: [1\n");
        oneLine(CommandLineTest.run("config", "show", "--file", bad.toString()), bad + ":4:1: not valid YAML: expected ',' or ']'");
        Path tabs = Files.writeString(dir.resolve("tabs.yaml"), "preset: grpo\ntraining:\n\tsteps: 3\n");
        oneLine(CommandLineTest.run("train", "--config", tabs.toString()), tabs + ":3:", "not valid YAML");
    }

    @Test
    void anOutputPathThatIsAFileIsNamedBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        oneLine(CommandLineTest.run("train", "--out", file.toString(), "--steps", "1"), "--out " + file + " is a file; expected a directory");
        oneLine(CommandLineTest.run("init-model", "--arch", "qwen2", "--vocab", "64", "--hidden", "32", "--layers", "1", "--heads", "2",
                "--kv-heads", "1", "--intermediate", "64", "--out", file.toString()), "--out " + file + " is a file");
        oneLine(CommandLineTest.run("sft", "--model", dir.toString(), "--data", file.toString(), "--out", file.toString()), "--out " + file + " is a file");
        oneLine(CommandLineTest.run("eval", "--model", dir.toString(), "--task", "arithmetic", "--out", file.toString()), "--out " + file + " is a file");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aRecipeThatStopsOnAMissingModelOrTaskFileLeavesNoRunDirectory() throws Exception {
        Path run = dir.resolve("run");
        Path noModel = Files.writeString(dir.resolve("m.yaml"), "preset: grpo\nmodel:\n  path: " + dir.resolve("no-model") + "\n");
        oneLine(CommandLineTest.run("train", "--config", noModel.toString(), "--out", run.toString()), "model.path", "does not exist");
        Path noData = Files.writeString(dir.resolve("d.yaml"), "preset: grpo\ntask:\n  name: file\n  train_file: " + dir.resolve("none.jsonl")
                + "\nmodel:\n  path: " + dir + "\ncold_start:\n  traces: none\n");
        oneLine(CommandLineTest.run("train", "--config", noData.toString(), "--out", run.toString()), "task.train_file", "does not exist");
        Path badData = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\": 3}\n");
        Path malformed = Files.writeString(dir.resolve("b.yaml"), "preset: grpo\ntask:\n  name: file\n  train_file: " + badData
                + "\nmodel:\n  path: " + dir + "\ncold_start:\n  traces: none\n");
        CommandLineTest.Result r = CommandLineTest.run("train", "--config", malformed.toString(), "--out", run.toString());
        oneLine(r, badData.toString());
        assertThat(run).doesNotExist();
    }
}
