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
}
