package io.reason4j.track.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which theme and plot each metric goes to, for the names the RL and SFT trainers log (docs/algorithms.md, "Metrics"). */
class PlotPlanTest {

    static Series series(String name, double... y) {
        return new Series(name, "step", IntStream.range(0, y.length).asDoubleStream().toArray(), y);
    }

    @Test
    void theTrainersMetricsGoToTheirThemes() {
        Map<String, Theme> expected = new LinkedHashMap<>();
        expected.put("reward/mean", Theme.REWARD);
        expected.put("reward/accuracy/mean", Theme.REWARD);
        expected.put("reward/score_mean", Theme.REWARD);
        expected.put("reward/generated_mean", Theme.REWARD);
        expected.put("reward/rule/boxed", Theme.HACKING);
        expected.put("reward/rewarded_length/mean", Theme.HACKING);
        expected.put("reward/rewarded_answers/max", Theme.HACKING);
        expected.put("eval/reward/hacking_suspected", Theme.HACKING);
        expected.put("eval/reward/hacking/heldout_accuracy_change", Theme.HACKING);
        expected.put("train/accuracy", Theme.ACCURACY);
        expected.put("eval/accuracy", Theme.ACCURACY);
        expected.put("response_length/mean", Theme.RESPONSE_LENGTH);
        expected.put("eval/response_length/mean", Theme.RESPONSE_LENGTH);
        expected.put("response_length/clip_ratio", Theme.CLIP);
        expected.put("actor/entropy", Theme.ENTROPY);
        expected.put("actor/pg_loss", Theme.LOSS);
        expected.put("actor/approx_kl", Theme.KL);
        expected.put("actor/kl_loss", Theme.KL);
        expected.put("actor/reference_kl", Theme.KL);
        expected.put("actor/kl_coef", Theme.KL);
        expected.put("actor/clip_ratio/low", Theme.CLIP);
        expected.put("actor/clip_ratio/dual", Theme.CLIP);
        expected.put("critic/clip_ratio", Theme.CLIP);
        expected.put("actor/grad_norm", Theme.GRAD_NORM);
        expected.put("critic/grad_norm", Theme.GRAD_NORM);
        expected.put("actor/lr", Theme.LEARNING_RATE);
        expected.put("train/learning_rate", Theme.LEARNING_RATE);
        expected.put("actor/positive_lm_loss", Theme.LOSS);
        expected.put("critic/value_loss", Theme.LOSS);
        expected.put("train/loss", Theme.LOSS);
        expected.put("eval/loss", Theme.LOSS);
        expected.put("advantage/std", Theme.ADVANTAGE);
        expected.put("critic/explained_variance", Theme.CRITIC);
        expected.put("critic/values_mean", Theme.CRITIC);
        expected.put("sampling/filtered_fraction", Theme.SAMPLING);
        expected.put("tool/code_ratio", Theme.TOOL);
        expected.put("eval/tool/calls_per_response", Theme.TOOL);
        expected.put("tool/response_length_mean", Theme.TOOL);
        expected.put("perf/generation_tokens_per_s", Theme.THROUGHPUT);
        expected.put("train/tokens_per_s", Theme.THROUGHPUT);
        expected.put("perf/step_s", Theme.TIME);
        expected.put("perf/outside_model_fraction", Theme.TIME);
        expected.put("train/grad_norm", Theme.GRAD_NORM);
        expected.put("train/epoch", Theme.OTHER);
        expected.put("value_pretrain/critic/value_loss", Theme.LOSS);
        expected.forEach((name, theme) -> assertThat(Theme.of(name)).as(name).isEqualTo(theme));

        assertThat(Theme.TOOL.unit("tool/code_ratio")).isEqualTo("fraction");
        assertThat(Theme.TOOL.unit("tool/response_length_mean")).isEqualTo("tokens");
        assertThat(Theme.TOOL.unit("tool/calls_per_response")).isEqualTo("per response");
        assertThat(Theme.TIME.unit("perf/step_s")).isEqualTo("seconds");
        assertThat(Theme.HACKING.unit("reward/rule/boxed")).isEqualTo("fraction");
        assertThat(Theme.HACKING.unit("reward/rewarded_length/p50")).isEqualTo("tokens");
        assertThat(Theme.HACKING.unit("reward/rewarded_answers/mean")).isEqualTo("answers per response");
        assertThat(Theme.HACKING.unit("eval/reward/hacking/train_reward_t")).isEqualTo("standard errors");
        assertThat(Theme.HACKING.unit("eval/reward/hacking/train_reward_change")).isEqualTo("reward");
        assertThat(Theme.LEARNING_RATE.unit("train/learning_rate")).isEqualTo("learning rate");
    }

    @Test
    void seriesOfUnlikeSizeOrUnitGetPlotsOfTheirOwnAndNoneIsLeftOut() {
        List<Series> all = List.of(series("actor/pg_loss", 0.01, 0.02), series("critic/value_loss", 0.5, 0.4), series("actor/kl_loss", 0, 0),
                series("train/loss", 2.0, 1.0), series("perf/step_s", 3, 4), series("perf/outside_model_fraction", 0.1, 0.2),
                series("something/else", 7, 8), series("empty/one"));
        List<PlotPlan.Plot> plots = PlotPlan.of(all);
        Map<String, List<String>> bySlug = new LinkedHashMap<>();
        for (PlotPlan.Plot p : plots) bySlug.put(p.slug(), p.series().stream().map(Series::name).toList());
        assertThat(bySlug).containsExactly(
                Map.entry("kl", List.of("actor/kl_loss")),
                Map.entry("loss", List.of("critic/value_loss", "train/loss")),
                Map.entry("loss-2", List.of("actor/pg_loss")),
                Map.entry("time", List.of("perf/step_s")),
                Map.entry("time-fraction", List.of("perf/outside_model_fraction")),
                Map.entry("other", List.of("something/else")));
        assertThat(plots.get(2).title()).isEqualTo("Loss (2)");
        assertThat(plots.get(4).title()).isEqualTo("Time (fraction)");
    }

    @Test
    void aPlotHoldsAtMostEightSeriesAndZerosJoinAnyPlot() {
        List<Series> many = new ArrayList<>();
        for (int i = 0; i < 11; i++) many.add(series("tool/count_" + i, 1 + i * 0.1, 2));
        many.add(series("tool/zeros", 0, 0));
        List<List<Series>> panels = PlotPlan.bySize(many);
        assertThat(panels).hasSize(2);
        assertThat(panels.get(0)).hasSize(PlotPlan.MAX_SERIES);
        assertThat(panels.get(1)).extracting(Series::name).endsWith("tool/zeros");
        assertThat(panels.stream().mapToInt(List::size).sum()).isEqualTo(12);
    }

    @Test
    void longSeriesAreDecimatedKeepingEndsAndExtremes() {
        int n = 100_000;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = Math.sin(i / 1000.0);
        y[54_321] = 9; // a spike
        y[77_777] = -9;
        Series s = series("reward/mean", y), d = s.decimated(Series.MAX_PLOTTED_POINTS);
        assertThat(d.size()).isLessThanOrEqualTo(Series.MAX_PLOTTED_POINTS);
        assertThat(d.x()[0]).isEqualTo(0);
        assertThat(d.x()[d.size() - 1]).isEqualTo(n - 1);
        assertThat(d.y()).contains(9.0, -9.0);
        for (int i = 1; i < d.size(); i++) assertThat(d.x()[i]).isGreaterThan(d.x()[i - 1]);
        assertThat(series("short", 1, 2, 3).decimated(10).size()).isEqualTo(3);
    }
}
