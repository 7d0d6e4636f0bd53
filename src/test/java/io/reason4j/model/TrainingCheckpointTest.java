package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointTest {

    @TempDir
    Path tmp;

    private static void assertSameState(ToyTrainer actual, ToyTrainer expected) {
        for (String name : List.of("policy", "critic")) {
            TrainingCheckpoint.Model a = name.equals("policy") ? actual.policy : actual.critic;
            TrainingCheckpoint.Model e = name.equals("policy") ? expected.policy : expected.critic;
            assertThat(a.layout().config()).as(name).isEqualTo(e.layout().config());
            assertThat(a.layout().hasValueHead()).as(name).isEqualTo(e.layout().hasValueHead());
            assertThat(Arrays.mismatch(a.parameters(), e.parameters())).as(name + " parameters").isEqualTo(-1);
            assertThat(Arrays.mismatch(a.optimizer().expAvg(), e.optimizer().expAvg())).as(name + " exp_avg").isEqualTo(-1);
            assertThat(Arrays.mismatch(a.optimizer().expAvgSq(), e.optimizer().expAvgSq())).as(name + " exp_avg_sq").isEqualTo(-1);
            assertThat(a.optimizer().steps()).as(name + " steps").isEqualTo(e.optimizer().steps());
            assertThat(a.optimizer().options()).as(name + " options").isEqualTo(e.optimizer().options());
        }
        assertThat(actual.step).isEqualTo(expected.step);
        assertThat(actual.random.state()).isEqualTo(expected.random.state());
        assertThat(actual.state).isEqualTo(expected.state);
    }

    @Test
    void aCheckpointReadsBackBitForBit() {
        ToyTrainer trainer = ToyTrainer.fresh(1);
        trainer.train(3);
        trainer.state.putObject("nested").put("text", "ünïcode").put("big", Long.MIN_VALUE);
        Path dir = tmp.resolve("checkpoint-3");
        trainer.checkpoint().write(dir);

        TrainingCheckpoint read = TrainingCheckpoint.read(dir);
        assertThat(read.globalStep()).isEqualTo(3);
        assertThat(read.models()).extracting(TrainingCheckpoint.Model::name).containsExactly("policy", "critic");
        assertSameState(ToyTrainer.resume(read), trainer);
        assertThat(read.trainerState().get("nested").get("big").asLong()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aResumedRunIsBitIdenticalToAnUninterruptedOne() {
        ToyTrainer straight = ToyTrainer.fresh(2);
        straight.train(8);

        ToyTrainer first = ToyTrainer.fresh(2);
        first.train(5);
        CheckpointStore store = new CheckpointStore(tmp.resolve("run"), 2);
        store.save(first.checkpoint());
        first.train(1); // work after the checkpoint is lost in the "crash"

        ToyTrainer resumed = ToyTrainer.resume(store.loadLatest().orElseThrow());
        assertThat(resumed.step).isEqualTo(5);
        resumed.train(3);
        assertSameState(resumed, straight);
    }

    @Test
    void theCheckpointHoldsHuggingFaceNamedF32Tensors() throws IOException {
        ToyTrainer trainer = ToyTrainer.fresh(3);
        trainer.train(1);
        Path dir = tmp.resolve("c");
        trainer.checkpoint().write(dir);

        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrder("checkpoint.json", "config.json", "model.safetensors",
                            "critic/config.json", "critic/model.safetensors",
                            "optimizer.policy.exp_avg.safetensors", "optimizer.policy.exp_avg_sq.safetensors",
                            "optimizer.critic.exp_avg.safetensors", "optimizer.critic.exp_avg_sq.safetensors");
        }
        assertThat(ModelConfig.read(dir.resolve("config.json"))).isEqualTo(ToyTrainer.POLICY);
        List<String> policyNames = trainer.policy.layout().slots().stream().map(ParameterLayout.Slot::name).toList();
        for (String file : List.of("model.safetensors", "optimizer.policy.exp_avg_sq.safetensors")) {
            try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(file))) {
                assertThat(r.names()).containsExactlyElementsOf(policyNames);
                assertThat(r.info("model.embed_tokens.weight").dtype()).isEqualTo(DType.F32);
                assertThat(r.info("model.embed_tokens.weight").shape()).containsExactly(37, 24);
            }
        }
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("critic"))) {
            assertThat(r.names()).contains("score.weight", "score.bias");
            // The top of the checkpoint is the policy as an HF model: the decoder over it gives the same logits.
        }
        try (SafetensorsReader r = SafetensorsReader.open(dir)) {
            int[] tokens = TestModels.randomTokens(37, 6, 1);
            Decoder loaded = new Decoder(DecoderWeights.load(ModelConfig.read(dir.resolve("config.json")), r));
            assertThat(loaded.logitsOf(tokens, new KvCache(ToyTrainer.POLICY)))
                    .containsExactly(new Decoder(trainer.policy.weights()).logitsOf(tokens, new KvCache(ToyTrainer.POLICY)));
        }
        String manifest = Files.readString(dir.resolve("checkpoint.json"));
        assertThat(manifest).contains("\"global_step\" : 1", "\"crc32c\"", "\"weight_decay\" : 0.01");
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path dir = tmp.resolve("c");
        ToyTrainer.fresh(4).checkpoint().write(dir);
        Files.delete(dir.resolve("optimizer.critic.exp_avg_sq.safetensors"));
        assertThat(TrainingCheckpoint.problem(dir)).hasValueSatisfying(p ->
                assertThat(p).contains("is incomplete: optimizer.critic.exp_avg_sq.safetensors is missing"));
        assertThatThrownBy(() -> TrainingCheckpoint.read(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("optimizer.critic.exp_avg_sq.safetensors is missing");

        Files.delete(dir.resolve(TrainingCheckpoint.MANIFEST));
        assertThatThrownBy(() -> TrainingCheckpoint.read(dir)).hasMessageContaining("has no checkpoint.json");
    }

    @Test
    void aTruncatedOrCorruptedFileIsNamed() throws IOException {
        Path dir = tmp.resolve("c");
        ToyTrainer.fresh(5).checkpoint().write(dir);
        Path weights = dir.resolve("critic/model.safetensors");
        long size = Files.size(weights);
        try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x55}), size - 100); // one flipped byte in the data
        }
        assertThat(TrainingCheckpoint.problem(dir)).isEmpty(); // the size is right: only the checksum shows it
        assertThatThrownBy(() -> TrainingCheckpoint.read(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("critic")
                .hasMessageContaining("model.safetensors is corrupt")
                .hasMessageContaining("Resume from an earlier checkpoint");

        try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.WRITE)) {
            ch.truncate(size - 4);
        }
        assertThat(TrainingCheckpoint.problem(dir)).hasValueSatisfying(p ->
                assertThat(p).contains("critic/model.safetensors has " + (size - 4) + " bytes, checkpoint.json recorded " + size));
    }

    @Test
    void tensorsThatDoNotFitTheModelAreReportedByName() throws IOException {
        Arena arena = Arena.ofAuto();
        ParameterLayout policy = ParameterLayout.of(ToyTrainer.POLICY, false);
        ParameterLayout withHead = ParameterLayout.of(ToyTrainer.POLICY, true);
        ParameterLayout wider = ParameterLayout.of(TestModels.qwen2(37, 24, 1, 4, 2, 32, false), false);
        Path file = tmp.resolve("w.safetensors");
        SafetensorsWriter.write(file, TestModels.randomWeights(ToyTrainer.POLICY, true, 1, arena).tensors(), DType.F32, Map.of());
        assertThatThrownBy(() -> TrainingCheckpoint.readFlat(file, policy))
                .hasMessageContaining("unexpected tensor 'score.weight'");
        // Checkpoints always hold the value head's bias (ParameterLayout adds it); a file without it is not one.
        assertThatThrownBy(() -> TrainingCheckpoint.readFlat(file, withHead)).hasMessageContaining("missing tensor 'score.bias'");

        Path narrow = tmp.resolve("n.safetensors");
        SafetensorsWriter.write(narrow, TestModels.randomWeights(ToyTrainer.POLICY, false, 1, arena).tensors(), DType.F32, Map.of());
        assertThatThrownBy(() -> TrainingCheckpoint.readFlat(narrow, wider))
                .hasMessageContaining("model.layers.0.mlp.gate_proj.weight").hasMessageContaining("expected [32, 24]");

        Path bf16 = tmp.resolve("b.safetensors");
        SafetensorsWriter.write(bf16, TestModels.randomWeights(ToyTrainer.POLICY, false, 1, arena).tensors(), DType.BF16, Map.of());
        assertThatThrownBy(() -> TrainingCheckpoint.readFlat(bf16, policy)).hasMessageContaining("is BF16");
    }

    @Test
    void aManifestFromAnotherFormatVersionIsRefused() throws IOException {
        Path dir = tmp.resolve("c");
        ToyTrainer.fresh(6).checkpoint().write(dir);
        Path manifest = dir.resolve(TrainingCheckpoint.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"format_version\" : 1", "\"format_version\" : 2"));
        assertThatThrownBy(() -> TrainingCheckpoint.read(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("checkpoint.json: key 'format_version' is 2; this reason4j reads version 1");
    }

    @Test
    void writingReplacesACheckpointButNeverAnotherDirectory() throws IOException {
        Path dir = tmp.resolve("c");
        ToyTrainer t = ToyTrainer.fresh(7);
        t.checkpoint().write(dir);
        t.train(1);
        t.checkpoint().write(dir);
        assertThat(TrainingCheckpoint.read(dir).globalStep()).isEqualTo(1);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(dir); // no temporary or moved-aside directory remains
        }

        Path other = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(other.resolve("todo.txt"), "keep me", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> t.checkpoint().write(other)).hasMessageContaining("not a checkpoint");
        assertThat(other.resolve("todo.txt")).hasContent("keep me");
    }

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousDirectoryAndNoDebris() throws IOException {
        Path dir = tmp.resolve("target");
        AtomicDirectory.write(dir, true, d -> Files.writeString(d.resolve("a.txt"), "old"));
        assertThatThrownBy(() -> AtomicDirectory.write(dir, true, d -> {
            Files.writeString(d.resolve("a.txt"), "new");
            throw new IOException("disk full");
        })).isInstanceOf(ModelFormatException.class).hasMessageContaining("disk full");
        assertThat(dir.resolve("a.txt")).hasContent("old");
        Path fresh = tmp.resolve("fresh");
        assertThatThrownBy(() -> AtomicDirectory.write(fresh, true, d -> {
            throw new IOException("crash");
        })).hasMessageContaining("crash");
        assertThat(fresh).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(dir);
        }
    }

    @Test
    void modelsAndStateAreChecked() {
        ParameterLayout p = ParameterLayout.of(ToyTrainer.POLICY, false);
        ParameterLayout c = ParameterLayout.of(ToyTrainer.CRITIC, true);
        float[] params = new float[p.size()];
        assertThatThrownBy(() -> new TrainingCheckpoint.Model("Policy!", p, params, null)).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new TrainingCheckpoint.Model("policy", p, params, new AdamW(c, AdamW.Options.DEFAULTS)))
                .hasMessageContaining("another layout");
        TrainingCheckpoint.Model m = new TrainingCheckpoint.Model("policy", p, params, null);
        assertThatThrownBy(() -> new TrainingCheckpoint(0, 0, null, List.of(m, m))).hasMessageContaining("two checkpoint models");
        assertThatThrownBy(() -> new TrainingCheckpoint(-1, 0, null, List.of(m))).hasMessageContaining("global step");
        TrainingCheckpoint cp = new TrainingCheckpoint(0, 0, null, List.of(m));
        assertThat(cp.trainerState()).isInstanceOf(ObjectNode.class).isEmpty();
        assertThatThrownBy(() -> cp.model("critic")).hasMessageContaining("no model 'critic'");

        // A model without an optimizer round-trips too.
        Path dir = tmp.resolve("frozen");
        cp.write(dir);
        assertThat(TrainingCheckpoint.read(dir).model("policy").optimizer()).isNull();
    }
}
