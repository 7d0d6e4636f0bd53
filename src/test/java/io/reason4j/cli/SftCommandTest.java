package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.model.CheckpointStore;
import io.reason4j.model.SafetensorsReader;
import io.reason4j.sft.SftOptions;
import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.track.MetricsLog;
import io.reason4j.track.TensorBoardWriter;
import io.reason4j.track.TfRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reason4j sft} as a user runs it: learning a task from scratch, killing and resuming, bad input. */
class SftCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    /** Token ids of the reversal task: BOS digits SEP reversed-digits EOS, digits 4..9. */
    static final int BOS = 1, EOS = 2, SEP = 3;

    /** Pre-tokenized examples; the loss covers only the reversed digits and EOS. */
    static Path reversalData(Path file, int examples, long seed) throws IOException {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < examples; i++) {
            int n = 2 + r.nextInt(3);
            int[] digits = new int[n];
            for (int j = 0; j < n; j++) digits[j] = 4 + r.nextInt(6);
            List<Integer> ids = new ArrayList<>(), mask = new ArrayList<>();
            ids.add(BOS);
            for (int d : digits) ids.add(d);
            ids.add(SEP);
            for (int j = 0; j < n + 2; j++) mask.add(0);
            for (int j = n - 1; j >= 0; j--) ids.add(digits[j]);
            ids.add(EOS);
            for (int j = 0; j < n + 1; j++) mask.add(1);
            lines.add("{\"input_ids\": " + ids + ", \"loss_mask\": " + mask + "}");
        }
        Files.write(file, lines);
        return file;
    }

    Path initModel(String name, int hidden) {
        Path model = dir.resolve(name);
        CommandLineTest.Result r = CommandLineTest.run("init-model", "--arch", "llama", "--vocab", "16", "--hidden", "" + hidden,
                "--layers", "2", "--heads", "4", "--kv-heads", "2", "--intermediate", "" + 2 * hidden, "--seed", "0",
                "--out", model.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return model;
    }

    @Test
    void aTinyModelLearnsToReverseDigitsFromScratch() throws Exception {
        Path model = initModel("base", 32), data = reversalData(dir.resolve("reverse.jsonl"), 600, 1), out = dir.resolve("run");
        CommandLineTest.Result r = CommandLineTest.run("sft", "--model", model.toString(), "--data", data.toString(),
                "--out", out.toString(), "--epochs", "20", "--batch-rows", "16", "--max-length", "32", "--layout", "packed",
                "--lr", "1e-2", "--schedule", "cosine", "--warmup-ratio", "0.05", "--eval-fraction", "0.1", "--log-every", "20");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode summary = JSON.readTree(r.out());
        assertThat(summary.get("train_loss").asDouble()).as(r.err()).isLessThan(0.02);
        assertThat(summary.get("eval_loss").asDouble()).as("held-out loss\n" + r.err()).isLessThan(0.05);
        assertThat(r.err()).contains("step 20/", "tok/s", "ETA");

        // The exported model is a plain HF directory that the engine loads and that reverses unseen input.
        CommandLineTest.Result g = CommandLineTest.run("generate", "--model", out.resolve("model").toString(),
                "--prompt-ids", BOS + ",9,4,7," + SEP, "--temperature", "0", "--max-new-tokens", "4", "--json");
        assertThat(g.exit()).as(g.err()).isZero();
        assertThat(JSON.readTree(g.out()).get("token_ids").toString()).isEqualTo("[7,4,9," + EOS + "]");
    }

    /** SIGKILL a run in a child JVM mid-training, rerun the command, and compare with a run never interrupted. */
    @Test
    void aKilledRunResumesWithTheSameLossCurveAsAnUninterruptedOne() throws Exception {
        Path model = initModel("base", 48), data = reversalData(dir.resolve("reverse.jsonl"), 400, 2);
        Path straight = dir.resolve("straight"), killed = dir.resolve("killed");
        List<String> common = List.of("sft", "--model", model.toString(), "--data", data.toString(), "--max-steps", "150",
                "--batch-rows", "16", "--max-length", "48", "--layout", "packed", "--lr", "3e-3", "--schedule", "cosine",
                "--grad-accum", "2", "--log-every", "3", "--save-every", "5", "--keep-last", "2");

        CommandLineTest.Result r = CommandLineTest.run(withOut(common, straight));
        assertThat(r.exit()).as(r.err()).isZero();

        Process child = childJvm(withOut(common, killed));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (newestCheckpointName(killed) < 20) {
            if (!child.isAlive()) {
                throw new AssertionError("the child run ended before it could be killed:\n" + new String(child.getErrorStream().readAllBytes()));
            }
            assertThat(System.nanoTime()).as("no checkpoint from the child within 60 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, files may be half-written
        child.waitFor();
        assertThat(newestCheckpointName(killed)).as("the run was killed before its end").isLessThan(150);

        r = CommandLineTest.run(withOut(common, killed));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).get("resumed_from").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(r.err()).contains("resuming from step");

        List<JsonNode> expected = MetricsLog.read(straight.resolve("metrics.jsonl")), actual = MetricsLog.read(killed.resolve("metrics.jsonl"));
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).get("step")).isEqualTo(expected.get(i).get("step"));
            assertThat(actual.get(i).get("train/loss").asDouble()).as("loss at step %s", expected.get(i).get("step"))
                    .isEqualTo(expected.get(i).get("train/loss").asDouble());
        }
        try (SafetensorsReader a = SafetensorsReader.open(straight.resolve("model")); SafetensorsReader b = SafetensorsReader.open(killed.resolve("model"))) {
            for (String name : List.of("model.embed_tokens.weight", "model.layers.1.mlp.down_proj.weight", "lm_head.weight")) {
                assertThat(b.f32(name, a.info(name).shape()).mismatch(a.f32(name, a.info(name).shape()))).as(name).isEqualTo(-1);
            }
        }
    }

    /** Chat JSONL through the model's tokenizer and chat template; the export carries the tokenizer along. */
    @Test
    void chatDataTrainsThroughTheChatTemplateAndTheExportKeepsTheTokenizer() throws Exception {
        Path model = dir.resolve("chat-base");
        CommandLineTest.Result init = CommandLineTest.run("init-model", "--arch", "qwen2", "--vocab", "" + TinyTokenizerFixture.VOCAB_SIZE,
                "--hidden", "32", "--layers", "1", "--heads", "4", "--kv-heads", "2", "--intermediate", "64", "--out", model.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        TinyTokenizerFixture.write(model);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            lines.add("{\"messages\": [{\"role\": \"user\", \"content\": \"hello " + i + "\"}, "
                    + "{\"role\": \"assistant\", \"content\": \"hello world\"}]}");
        }
        Path data = Files.write(dir.resolve("chat.jsonl"), lines), out = dir.resolve("chat-run");
        CommandLineTest.Result r = CommandLineTest.run("sft", "--model", model.toString(), "--data", data.toString(), "--out",
                out.toString(), "--epochs", "4", "--batch-rows", "4", "--max-length", "64", "--lr", "1e-2", "--eval-fraction", "0.2",
                "--tensorboard");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("24 examples (24 chat)");
        // --tensorboard: one events file beside metrics.jsonl, a file-version record and then one event per metrics record.
        List<Path> events = TensorBoardWriter.eventFiles(out);
        assertThat(events).hasSize(1);
        assertThat(TfRecords.read(Files.readAllBytes(events.getFirst())).records())
                .hasSize(1 + MetricsLog.read(out.resolve("metrics.jsonl")).size());
        JsonNode first = MetricsLog.read(out.resolve("metrics.jsonl")).getFirst(), summary = JSON.readTree(r.out());
        assertThat(summary.get("train_loss").asDouble()).isLessThan(first.get("train/loss").asDouble());
        assertThat(out.resolve("model").resolve("tokenizer.json")).exists();
        assertThat(out.resolve("model").resolve("tokenizer_config.json")).exists();
        CommandLineTest.Result g = CommandLineTest.run("generate", "--model", out.resolve("model").toString(), "--prompt", "hello",
                "--chat", "--max-new-tokens", "3", "--temperature", "0");
        assertThat(g.exit()).as(g.err()).isZero();
    }

    /** The command line's defaults are the documented ones of SftOptions (one list, no drift). */
    @Test
    void commandLineDefaultsAreTheDocumentedDefaults() {
        SftCommand command = new SftCommand();
        new picocli.CommandLine(command).parseArgs("--model", "m", "--data", "d.jsonl", "--out", "o");
        assertThat(command.options()).isEqualTo(SftOptions.defaults(Path.of("m"), Path.of("d.jsonl"), Path.of("o")));
        assertThat(command.options().tensorBoard()).isFalse();
    }

    @Test
    void badDataIsReportedAsOneLineNamingTheFileAndLine() throws Exception {
        Path model = initModel("base", 32), data = dir.resolve("bad.jsonl");
        Files.writeString(data, "{\"input_ids\": [1, 4, 3, 4, 2], \"loss_mask\": [0, 0, 0, 1, 1]}\n{\"input_ids\": [1, 99]}\n");
        CommandLineTest.Result r = CommandLineTest.run("sft", "--model", model.toString(), "--data", data.toString(),
                "--out", dir.resolve("run").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("reason4j sft: ").contains("bad.jsonl:2").doesNotContain("\n\tat ");
        assertThat(dir.resolve("run").resolve("model")).doesNotExist();
    }

    /** The highest step among checkpoint-N directory names (complete or not), or -1. */
    private static long newestCheckpointName(Path run) throws IOException {
        if (!Files.isDirectory(run)) return -1;
        try (var entries = Files.list(run)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches(CheckpointStore.PREFIX + "\\d+"))
                    .mapToLong(n -> Long.parseLong(n.substring(CheckpointStore.PREFIX.length()))).max().orElse(-1);
        }
    }

    private static String[] withOut(List<String> args, Path out) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", out.toString()));
        return all.toArray(String[]::new);
    }

    private static Process childJvm(String[] args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
