package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path run;

    private static TrainingCheckpoint at(ToyTrainer t, long step) {
        t.step = step;
        return t.checkpoint();
    }

    private java.util.List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(run)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFreshRunHasNothingToResume() {
        CheckpointStore store = new CheckpointStore(run.resolve("absent"), 3);
        assertThat(store.latest()).isEmpty();
        assertThat(store.loadLatest()).isEmpty();
        assertThat(store.scan()).isEmpty();
    }

    @Test
    void keepsTheLastNAndResumesFromTheNewest() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 2);
        ToyTrainer t = ToyTrainer.fresh(1);
        for (long step : new long[] {10, 20, 30}) {
            assertThat(store.save(at(t, step))).isEqualTo(run.resolve("checkpoint-" + step));
        }
        assertThat(names()).containsExactly("checkpoint-20", "checkpoint-30");
        assertThat(store.latest()).contains(run.resolve("checkpoint-30"));
        assertThat(store.loadLatest().orElseThrow().globalStep()).isEqualTo(30);
    }

    @Test
    void stepNumbersSortNumericallyNotAsText() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 2);
        ToyTrainer t = ToyTrainer.fresh(1);
        store.save(at(t, 9));
        store.save(at(t, 10));
        store.save(at(t, 100));
        assertThat(names()).containsExactly("checkpoint-10", "checkpoint-100");
        assertThat(store.latest()).contains(run.resolve("checkpoint-100"));
    }

    @Test
    void aCrashLeftoverIsIgnoredAndCleanedUp() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 3);
        ToyTrainer t = ToyTrainer.fresh(2);
        store.save(at(t, 10));
        // A crash while writing step 20: a temporary directory with only some of the files.
        Path partial = Files.createDirectories(run.resolve(".checkpoint-20.tmp-12345"));
        Files.writeString(partial.resolve("config.json"), "{");
        assertThat(store.latest()).contains(run.resolve("checkpoint-10"));
        assertThat(store.loadLatest().orElseThrow().globalStep()).isEqualTo(10);

        store.save(at(t, 20));
        assertThat(names()).containsExactly("checkpoint-10", "checkpoint-20");
    }

    @Test
    void aDamagedCheckpointIsSkippedAndReportedAndThePreviousLoads() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 3);
        ToyTrainer t = ToyTrainer.fresh(3);
        store.save(at(t, 10));
        store.save(at(t, 20));
        Files.delete(run.resolve("checkpoint-20/model.safetensors"));
        Files.createDirectories(run.resolve("checkpoint-30")); // renamed by hand, never finished: no manifest

        assertThat(store.scan()).extracting(CheckpointStore.Entry::step).containsExactly(30L, 20L, 10L);
        assertThat(store.scan().get(0).problem()).contains("has no checkpoint.json");
        assertThat(store.scan().get(1).problem()).contains("model.safetensors is missing");
        assertThat(store.scan().get(2).complete()).isTrue();
        assertThat(store.loadLatest().orElseThrow().globalStep()).isEqualTo(10);
    }

    @Test
    void aCorruptNewestCheckpointStopsTheResumeWithItsName() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 3);
        store.save(ToyTrainer.fresh(4).checkpoint());
        Path config = run.resolve("checkpoint-0/config.json");
        Files.writeString(config, Files.readString(config).replace("\"vocab_size\": 37", "\"vocab_size\": 38"));
        assertThatThrownBy(store::loadLatest).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("config.json is corrupt");
    }

    @Test
    void savingAfterResumingFromAnEarlierCheckpointDropsTheAbandonedLaterOnes() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 3);
        ToyTrainer t = ToyTrainer.fresh(5);
        store.save(at(t, 10));
        store.save(at(t, 20));
        store.save(at(t, 30));
        store.save(at(t, 15)); // the run was restarted from checkpoint-10
        assertThat(names()).containsExactly("checkpoint-10", "checkpoint-15");
        assertThat(store.latest()).contains(run.resolve("checkpoint-15"));
    }

    @Test
    void aDamagedCheckpointNeverTakesTheSlotOfAGoodOne() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 2);
        ToyTrainer t = ToyTrainer.fresh(6);
        store.save(at(t, 10));
        store.save(at(t, 20));
        Files.delete(run.resolve("checkpoint-20/checkpoint.json"));
        store.save(at(t, 30));
        assertThat(names()).containsExactly("checkpoint-10", "checkpoint-20", "checkpoint-30");
        store.save(at(t, 40));
        assertThat(names()).containsExactly("checkpoint-30", "checkpoint-40");
    }

    @Test
    void savingTheSameStepAgainReplacesIt() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 2);
        ToyTrainer t = ToyTrainer.fresh(7);
        store.save(at(t, 10));
        t.state.put("marker", "second");
        store.save(at(t, 10));
        assertThat(names()).containsExactly("checkpoint-10");
        assertThat(store.loadLatest().orElseThrow().trainerState().get("marker").asText()).isEqualTo("second");
    }

    @Test
    void aCheckpointMovedAsideByACrashedReplaceIsRestored() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 5);
        ToyTrainer t = ToyTrainer.fresh(8);
        store.save(at(t, 10));
        Files.move(run.resolve("checkpoint-10"), run.resolve(".checkpoint-10.old-777"));
        store.save(at(t, 5));
        assertThat(names()).containsExactly("checkpoint-5");  // 10 came back, then went as a later, abandoned step
        store.save(at(t, 20));
        Files.move(run.resolve("checkpoint-20"), run.resolve(".checkpoint-20.old-1"));
        store.save(at(t, 30));
        assertThat(names()).containsExactly("checkpoint-20", "checkpoint-30", "checkpoint-5");
    }

    @Test
    void aDamagedCheckpointOfTheSameStepIsReplaced() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 3);
        ToyTrainer t = ToyTrainer.fresh(9);
        store.save(at(t, 10));
        store.save(at(t, 20));
        Files.delete(run.resolve("checkpoint-20/checkpoint.json"));
        // Resumed from 10, the run reaches step 20 again.
        store.save(at(t, 20));
        assertThat(store.scan()).allMatch(CheckpointStore.Entry::complete);
        assertThat(store.latest()).contains(run.resolve("checkpoint-20"));
    }

    @Test
    void keepLastMustBePositive() {
        assertThatThrownBy(() -> new CheckpointStore(run, 0)).hasMessageContaining("at least 1");
    }
}
