package io.reason4j.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reason4j.rl.ConfigValueException;
import io.reason4j.rl.RlConfigLoader;
import org.junit.jupiter.api.Test;

class RecipeLoaderTest {

    @Test
    void aRecipeFileLayersRlKeysOnItsPresetAndRecipeKeysOnTheirDefaults() {
        RecipeConfig c = RecipeLoader.parse("""
                preset: dapo
                training:
                  steps: 7
                task:
                  name: countdown
                  options:
                    count: 3
                model:
                  hidden: 64
                cold_start:
                  traces: text
                """, "r.yaml");
        assertThat(c.rl().training().steps()).isEqualTo(7);
        assertThat(c.rl().sampling().dynamicSampling()).isEqualTo(RlConfigLoader.preset("dapo").sampling().dynamicSampling());
        assertThat(c.task().name()).isEqualTo("countdown");
        assertThat(c.task().options()).containsEntry("count", 3);
        assertThat(c.task().trainProblems()).isEqualTo(TaskSection.defaults().trainProblems());
        assertThat(c.model().hidden()).isEqualTo(64);
        assertThat(c.model().layers()).isEqualTo(ModelSection.defaults().layers());
        assertThat(c.coldStart().traces()).isEqualTo("text");
        // what --show-config prints shows every task option and reads back to the same recipe
        String shown = RecipeLoader.toYaml(c);
        assertThat(shown).contains("count: 3", "max_number: 25", "use_all: true");
        RecipeConfig again = RecipeLoader.parse(shown, "shown.yaml");
        assertThat(again.rl()).isEqualTo(c.rl());
        assertThat(again.model()).isEqualTo(c.model());
        assertThat(again.coldStart()).isEqualTo(c.coldStart());
        assertThat(again.task().options()).isEqualTo(io.reason4j.data.task.Tasks.create("countdown", c.task().options()).options().values());
    }

    @Test
    void mistakesNameTheFileLineKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> RecipeLoader.parse("preset: retool\nmodel:\n  hiden: 64\n", "r.yaml"))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("r.yaml:3").hasMessageContaining("model.hiden")
                .hasMessageContaining("hidden");
        assertThatThrownBy(() -> RecipeLoader.parse("cold_start:\n  traces: pictures\n", "r.yaml"))
                .hasMessageContaining("r.yaml:2").hasMessageContaining("cold_start.traces").hasMessageContaining("code, text");
        assertThatThrownBy(() -> RecipeLoader.parse("task:\n  name: chess\n", "r.yaml"))
                .hasMessageContaining("r.yaml:2").hasMessageContaining("task.name").hasMessageContaining("arithmetic");
        assertThatThrownBy(() -> RecipeLoader.parse("task:\n  name: arithmetic\n  options:\n    steps: 0\n", "r.yaml"))
                .hasMessageContaining("r.yaml:4").hasMessageContaining("task.options.steps").hasMessageContaining("[1, 8]");
        assertThatThrownBy(() -> RecipeLoader.parse("preset: grpo\ntask:\n  name: countdown\nreward:\n  float_rounding: 3\n", "r.yaml"))
                .hasMessageContaining("r.yaml:5").hasMessageContaining("reward.float_rounding").hasMessageContaining("no decimals");
        assertThat(RecipeLoader.parse("preset: grpo\ntask:\n  name: arithmetic\nreward:\n  float_rounding: 3\n", "r.yaml").rl().reward()
                .floatRounding()).isEqualTo(3);
        assertThatThrownBy(() -> RecipeLoader.parse("model:\n  heads: 3\n", "r.yaml"))
                .hasMessageContaining("model.heads").hasMessageContaining("divisor");
        assertThatThrownBy(() -> RecipeLoader.parse("model:\n  layers: two\n", "r.yaml"))
                .hasMessageContaining("model.layers").hasMessageContaining("wrong type");
        assertThatThrownBy(() -> RecipeLoader.parse("task:\n  name: file\n  train_file: t.jsonl\n", "r.yaml"))
                .hasMessageContaining("cold_start.traces").hasMessageContaining("model.path");
        assertThatThrownBy(() -> RecipeLoader.parse("sampling:\n  group_size: 0\n", "r.yaml"))
                .hasMessageContaining("sampling.group_size");
    }

    /** A recipe key with no effect under the recipe's other settings is refused by name; --show-config leaves such keys out. */
    @Test
    void aRecipeKeyThatWouldHaveNoEffectIsAnError() {
        String[][] cases = {
                {"task:\n  name: arithmetic\n  train_file: x.jsonl\n", "r.yaml:3", "task.train_file", "set task.name: file"},
                {"task:\n  name: file\n  train_file: x.jsonl\n  options: {digits: 2}\n", "r.yaml:4", "task.options", "task.train_file"},
                {"task:\n  name: file\n  train_file: x.jsonl\n  eval_file: y.jsonl\n  eval_problems: 10\ncold_start:\n  traces: none\n",
                        "r.yaml:5", "task.eval_problems", "leave eval_file empty"},
                {"model:\n  path: /m\n  hidden: 64\n", "r.yaml:3", "model.hidden", "model.path is set"},
                {"model:\n  path: /m\ncold_start:\n  epochs: 3\n", "r.yaml:4", "cold_start.epochs", "assumed ready for RL"},
                {"preset: grpo\ncold_start:\n  code_probability: 0.3\n", "r.yaml:3", "cold_start.code_probability", "traces are text"},
                {"evaluation:\n  every: 5\ntask:\n  eval_problems: 0\n", "r.yaml:2", "evaluation.every", "nothing is held out"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> RecipeLoader.parse(c[0], "r.yaml")).as(c[0]).hasMessageContaining(c[1])
                    .hasMessageContaining("'" + c[2] + "'").hasMessageContaining("has no effect").hasMessageContaining(c[3]);
        }
        RecipeConfig given = RecipeLoader.parse("preset: grpo\nmodel:\n  path: /m\ncold_start:\n  traces: text\n  epochs: 3\n", "r.yaml");
        assertThat(given.coldStart().epochs()).isEqualTo(3);
        String shown = RecipeLoader.toYaml(given);
        assertThat(shown).contains("epochs: 3").doesNotContain("hidden:").doesNotContain("code_probability").doesNotContain("train_file")
                .doesNotContain("critic:").doesNotContain("max_tool_calls");
        assertThat(RecipeLoader.toYaml(RecipeLoader.parse(shown, "shown"))).isEqualTo(shown);
    }
}
