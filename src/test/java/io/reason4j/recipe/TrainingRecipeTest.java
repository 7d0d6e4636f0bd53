package io.reason4j.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job's pipeline at toy size through the command line: problems, a tiny model from
 * scratch, verified code-integrated traces run in the real sandbox, SFT, RL with the interpreter,
 * evaluation before and after, summary.json; run again, it reuses every finished phase.
 */
class TrainingRecipeTest {
    @TempDir Path dir;

    static final String TOY = """
            preset: retool
            sampling:
              group_size: 2
              prompts_per_step: 2
              max_response_length: 96
            training:
              steps: 2
              mini_batch_prompts: 2
              micro_batch_rows: 4
            evaluation:
              every: 1
            task:
              name: arithmetic
              train_problems: 40
              eval_problems: 6
            model:
              hidden: 32
              layers: 1
              heads: 2
              kv_heads: 1
              intermediate: 64
            cold_start:
              examples: 20
              epochs: 1
              rows: 4
              max_length: 256
            """;

    @Test
    void aRecipeTrainsOnAVerlStyleDatasetFromAGivenModel() throws Exception {
        Path model = dir.resolve("model");
        io.reason4j.model.ModelConfig config = io.reason4j.model.TestModels.qwen2(io.reason4j.text.TinyTokenizerFixture.VOCAB_SIZE, 32, 1, 2, 1, 64, true);
        io.reason4j.model.TestModels.write(model, io.reason4j.model.DecoderWeights.initialize(config, false, 1, 0.02,
                java.lang.foreign.Arena.ofAuto()), io.reason4j.model.DType.F32, 0);
        io.reason4j.text.TinyTokenizerFixture.write(model);
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            rows.append("{\"data_source\": \"toy\", \"prompt\": [{\"role\": \"user\", \"content\": \"What is ").append(i)
                    .append("+1?\"}], \"reward_model\": {\"style\": \"rule\", \"ground_truth\": \"").append(i + 1).append("\"}}\n");
        }
        Path data = Files.writeString(dir.resolve("train.jsonl"), rows);
        RecipeConfig recipe = RecipeLoader.parse("""
                preset: grpo
                sampling:
                  group_size: 2
                  prompts_per_step: 2
                  max_response_length: 8
                training:
                  steps: 1
                  mini_batch_prompts: 2
                task:
                  name: file
                  train_file: %s
                  eval_problems: 4
                model:
                  path: %s
                """.formatted(data, model), "file-recipe.yaml");
        RecipeSummary summary = new TrainingRecipe(recipe, dir.resolve("run"), true,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        assertThat(summary.traces()).isEqualTo("none");
        assertThat(summary.rlSteps()).isEqualTo(1);
        assertThat(summary.evalProblems()).isEqualTo(4);
        assertThat(dir.resolve("run/rl/model/model.safetensors")).exists();
        assertThat(dir.resolve("run/cold_start.jsonl")).doesNotExist();
    }

    @Test
    void theRecipeRunsEveryPhaseAndWritesItsSummary() throws Exception {
        Path config = Files.writeString(dir.resolve("toy.yaml"), TOY);
        Path run = dir.resolve("run");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("train", "--config", config.toString(), "--out", run.toString());
        } finally {
            System.setOut(saved);
        }
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("cold start (before RL)", "after RL (2 steps)", "run directory " + run);

        JsonNode summary = new ObjectMapper().readTree(run.resolve(TrainingRecipe.SUMMARY_FILE).toFile());
        assertThat(summary.path("rl_steps").asLong()).isEqualTo(2);
        assertThat(summary.path("sft_accuracy").isNumber()).isTrue();
        assertThat(summary.path("rl_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.path("wall_s").asDouble()).isPositive();
        assertThat(summary.path("tool").has("tool/code_ratio")).isTrue();
        assertThat(summary.path("evaluations")).hasSize(3);
        assertThat(run.resolve("cold_start.jsonl")).exists();
        assertThat(run.resolve("sft/model/model.safetensors")).exists();
        assertThat(run.resolve("rl/model/model.safetensors")).exists();
        assertThat(run.resolve("rl/metrics.jsonl")).exists();

        // Again in the same directory: every phase is found finished and the summary is the same.
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("train", "--config", config.toString(), "--out", run.toString())).isZero();
        } finally {
            System.setOut(saved);
        }
        JsonNode again = new ObjectMapper().readTree(run.resolve(TrainingRecipe.SUMMARY_FILE).toFile());
        assertThat(again.path("rl_accuracy")).isEqualTo(summary.path("rl_accuracy"));
        assertThat(again.path("evaluations")).isEqualTo(summary.path("evaluations"));
    }

    /** A judge model or SFT file the recipe does not make must exist before anything starts; the run directory is not even created. */
    @Test
    void aMissingJudgeModelOrSftFileStopsTheRecipeBeforeItStarts() {
        Path run = dir.resolve("run");
        RecipeConfig judge = RecipeLoader.parse("preset: grpo\nreward:\n  terms:\n    - {name: accuracy}\n"
                + "    - {name: judge, options: {model: " + dir.resolve("no-such-judge") + "}}\n", "r.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TrainingRecipe(judge, run, false, System.out).run())
                .hasMessageContaining("'reward.terms[1].options.model'").hasMessageContaining("does not exist");
        RecipeConfig sft = RecipeLoader.parse("preset: grpo\ntraining:\n  sft_data: " + dir.resolve("none.jsonl") + "\n  sft_coef: 0.1\n", "r.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TrainingRecipe(sft, run, false, System.out).run())
                .hasMessageContaining("'training.sft_data'").hasMessageContaining("does not exist");
        assertThat(run).doesNotExist();
        // inside the run directory: the recipe's own products, made before RL reads them
        RecipeConfig own = RecipeLoader.parse("preset: grpo\ntraining:\n  sft_data: " + run.resolve("cold_start.jsonl") + "\n  sft_coef: 0.1\n", "r.yaml");
        assertThat(own.rl().training().sftData()).endsWith("cold_start.jsonl");
    }
}
