package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.model.CheckpointStore;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.TokenBatch;
import io.reason4j.model.TrainableDecoder;
import io.reason4j.model.ParameterLayout;
import io.reason4j.track.MetricsLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * training.sft_data / sft_coef (OpenRLHF's ptx): the SFT loss is mixed into each actor update, on
 * the trainable tokens only, at temperature 1, logged as actor/sft_loss, its order kept across a resume.
 */
class SftMixingTest {
    @TempDir Path dir;

    Path model() throws Exception {
        return TinyPolicy.write(dir.resolve("base"), 3);
    }

    Path data() throws Exception {
        Path f = dir.resolve("sft.jsonl");
        Files.writeString(f, "{\"prompt\": \"Say it: \", \"completion\": \"hello world\"}\n{\"prompt\": \"Again: \", \"completion\": \"hello world\"}\n");
        return f;
    }

    /** A reward equal for every response: grpo's advantages are 0, so only the SFT term moves the policy. */
    static final OutcomeReward FLAT = (problem, prompt, response) -> new ScoredResponse(1, true, Map.of());

    List<JsonNode> train(String extra, String sampling, Path out, int steps, boolean resume) throws Exception {
        RlConfig c = RlConfigLoader.parseLayered("preset: grpo\nkl:\n  placement: none\nsampling:\n  group_size: 2\n  prompts_per_step: 2\n"
                + "  max_response_length: 4\n" + sampling + "training:\n  steps: " + steps + "\n  lr: 0.01\n  mini_batch_prompts: 2\n"
                + "  sft_data: " + data() + "\n  sft_rows: 2\n" + extra + "evaluation:\n  every: 0\ncheckpoint:\n  every: 1\n  keep: 1\n", "ptx.yaml");
        new RlTrainer(new RlRunOptions(model(), out, c, RlTrainerTest.problems(4, 0), List.of(), FLAT, null, resume,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).run();
        return MetricsLog.read(out.resolve(RlTrainer.METRICS_FILE)).stream().filter(r -> r.path("phase").asText().equals("train")).toList();
    }

    @Test
    void theMixedSftLossIsTheMeanNllOfTheCompletionTokensAndTheUpdateLowersIt() throws Exception {
        List<JsonNode> steps = train("  sft_coef: 1.0\n", "", dir.resolve("a"), 12, false);
        // step 1's loss is the starting model's NLL of "hello world<|im_end|>" given each prompt, computed here another way
        double expected = startingNll();
        assertThat(steps.getFirst().path("actor/sft_loss").asDouble()).isCloseTo(expected, within(1e-4));
        assertThat(steps.getLast().path("actor/sft_loss").asDouble()).isLessThan(expected * 0.5);
        // the sampling temperature does not change the SFT loss: it is the data's likelihood at temperature 1
        List<JsonNode> hot = train("  sft_coef: 1.0\n", "  temperature: 2.0\n", dir.resolve("hot"), 1, false);
        assertThat(hot.getFirst().path("actor/sft_loss").asDouble()).isCloseTo(expected, within(1e-4));
    }

    /**
     * Σ −log p of the trainable tokens (the completion and its EOS, as SftDataset marks them) over both
     * examples, / their count: each whole sequence through a plain unpacked forward at temperature 1.
     */
    double startingNll() throws Exception {
        io.reason4j.text.Tokenizer tok = io.reason4j.text.Tokenizer.load(model());
        ModelConfig config = ModelConfig.read(model().resolve(ModelConfig.FILE_NAME));
        ParameterLayout layout = ParameterLayout.of(config, false);
        float[] p;
        try (io.reason4j.model.SafetensorsReader r = io.reason4j.model.SafetensorsReader.open(model())) {
            p = layout.copyOf(DecoderWeights.load(config, r));
        }
        double nll = 0;
        int n = 0;
        for (io.reason4j.data.SftExample e : io.reason4j.data.SftDataset.read(data(), tok, io.reason4j.data.SftReadOptions.DEFAULTS).examples()) {
            int[] all = e.tokens(), positions = new int[all.length], targets = new int[all.length];
            float[] mask = new float[all.length];
            for (int t = 0; t < all.length; t++) {
                positions[t] = t;
                targets[t] = t + 1 < all.length ? all[t + 1] : -1;
                mask[t] = t + 1 < all.length && e.trainable()[t + 1] ? 1 : 0;
            }
            float[] logp = new TrainableDecoder(layout, p, all.length).forward(new TokenBatch(1, all.length, all, positions, targets, mask))
                    .targetLogProbs();
            for (int t = 0; t + 1 < all.length; t++) if (mask[t] > 0) {
                nll -= logp[t];
                n++;
            }
        }
        assertThat(n).isEqualTo(6); // "hello", " world" (one token each in the fixture) and EOS, twice; the prompts are not trained
        return nll / n;
    }

    @Test
    void theSftOrderContinuesAcrossAResume() throws Exception {
        List<JsonNode> whole = train("  sft_coef: 0.5\n", "", dir.resolve("whole"), 3, false);
        train("  sft_coef: 0.5\n", "", dir.resolve("parts"), 2, false);
        List<JsonNode> resumed = train("  sft_coef: 0.5\n", "", dir.resolve("parts"), 3, true);
        assertThat(resumed.stream().map(r -> r.path("actor/sft_loss").asDouble()).toList())
                .isEqualTo(whole.stream().map(r -> r.path("actor/sft_loss").asDouble()).toList());
        assertThat(new CheckpointStore(dir.resolve("parts"), 1).loadLatest().orElseThrow().trainerState().path("sft_cursor").asLong()).isEqualTo(6);
    }

    @Test
    void sftKeysWithoutEffectAreRefused() {
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("training:\n  sft_data: x.jsonl\n", "u.yaml"))
                .hasMessageContaining("'training.sft_data'").hasMessageContaining("sft_coef is 0");
        assertThatThrownBy(() -> RlConfigLoader.parseLayered("training:\n  sft_coef: 0.1\n", "u.yaml"))
                .hasMessageContaining("'training.sft_coef'").hasMessageContaining("sft_data is empty");
    }
}
