package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.data.PromptExample;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.engine.SamplingParams;
import io.reason4j.rollout.Rollout;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.text.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DAPO's dynamic sampling (methods.md, "Sampling-side techniques") on a tiny random model, with
 * rewards chosen so that uniform groups are common: a group is dropped when its responses are all
 * correct or all wrong, whatever the shaped reward says; the batch is refilled by more rounds; the
 * rounds stop at max_sampling_rounds.
 */
class DynamicSamplingTest {
    @TempDir static Path dir;
    static ModelDirectory model;
    static Tokenizer tokenizer;
    static final List<PromptExample> PROBLEMS = RlTrainerTest.problems(8, 0);

    @BeforeAll
    static void model() throws Exception {
        model = ModelDirectory.open(TinyPolicy.write(dir, 3));
        tokenizer = model.tokenizer().orElseThrow();
    }

    static boolean even(PromptExample p) {
        return Integer.parseInt(p.id().substring(1)) % 2 == 0;
    }

    /** Even problems: always correct, but with a reward that differs between responses (the length); odd problems: right by parity. */
    static final OutcomeReward EVEN_ALWAYS_RIGHT = (problem, prompt, response) -> {
        String text = response.policyWords();
        boolean correct = even(problem) || text.chars().sum() % 2 == 0;
        return new ScoredResponse((correct ? 1 : 0) + text.length() * 0.01, correct, Map.of("accuracy", correct ? 1.0 : 0.0));
    };

    ExperienceCollector collector(OutcomeReward reward, int rounds) {
        RlConfig c = RlConfigLoader.parseLayered("preset: dapo\ntraining:\n  mini_batch_prompts: 1\nsampling:\n  group_size: 4\n  prompts_per_step: 2\n  max_response_length: 12\n"
                + "  max_sampling_rounds: " + rounds + "\nreward:\n  terms:\n    - {name: accuracy}\n    - {name: overlong, options: {buffer: 4}}\n", "test");
        SamplingParams sampling = new SamplingParams(1.0, 1.0, 0, 12, 0, model.stopTokenIds(), List.of());
        Rollout rollout = new Rollout(model.engine(), tokenizer, null, RolloutOptions.of(sampling, 12));
        List<String> texts = PROBLEMS.stream().map(p -> "Q: " + p.prompt().getFirst().content() + "\nA:").toList();
        return new ExperienceCollector(rollout, tokenizer, PROBLEMS, texts, texts.stream().map(t -> tokenizer.encode(t, false)).toList(), reward, c);
    }

    @Test
    void groupsAllCorrectAreDroppedEvenWhenTheirShapedRewardsDifferAndTheBatchIsRefilled() {
        PromptOrder order = new PromptOrder(PROBLEMS.size(), 0, 0);
        Experience e = collector(EVEN_ALWAYS_RIGHT, 6).collect(0, order);

        assertThat(e.problems).isNotEmpty().noneMatch(DynamicSamplingTest::even);
        assertThat(e.groupCount()).isEqualTo(2); // refilled to prompts_per_step informative groups
        assertThat(e.sampling.rounds()).isGreaterThan(1);
        int uniformGroups = 0;
        for (int i = 0; i < e.sampling.all().size(); i += 4) {
            // every generated group whose responses agree in correctness was dropped, even ones with different rewards
            boolean first = e.sampling.allScores().get(i).correct(), uniform = true;
            for (int k = 1; k < 4; k++) uniform &= e.sampling.allScores().get(i + k).correct() == first;
            if (uniform) uniformGroups++;
        }
        assertThat(e.sampling.filteredGroups()).isEqualTo(uniformGroups).isPositive();
        assertThat(e.sampling.groups()).isEqualTo(2 * e.sampling.rounds());
        // every kept group is mixed: some right, some wrong
        for (int g = 0; g < e.groupCount(); g++) {
            int right = 0, n = 0;
            for (int i = 0; i < e.size(); i++) if (e.groups[i] == g) {
                n++;
                if (e.correct[i]) right++;
            }
            assertThat(right).isBetween(1, n - 1);
        }
    }

    @Test
    void whenEveryGroupIsUniformSamplingStopsAtMaxSamplingRoundsWithNothingToTrainOn() {
        AtomicInteger scored = new AtomicInteger();
        OutcomeReward uniform = (problem, prompt, response) -> {
            scored.incrementAndGet();
            boolean correct = even(problem);
            return new ScoredResponse(correct ? 1 : -1, correct, Map.of());
        };
        Experience e = collector(uniform, 3).collect(0, new PromptOrder(PROBLEMS.size(), 0, 0));

        assertThat(e.size()).isZero();
        assertThat(e.sampling.rounds()).isEqualTo(3);
        assertThat(e.sampling.filteredGroups()).isEqualTo(6).isEqualTo(e.sampling.groups());
        assertThat(scored.get()).isEqualTo(3 * 2 * 4);
    }

    @Test
    void withoutDynamicSamplingUniformGroupsAreKept() {
        RlConfig c = RlConfigLoader.parseLayered("preset: grpo\ntraining:\n  mini_batch_prompts: 1\nsampling:\n  group_size: 4\n  prompts_per_step: 2\n  max_response_length: 12\n", "test");
        SamplingParams sampling = new SamplingParams(1.0, 1.0, 0, 12, 0, model.stopTokenIds(), List.of());
        Rollout rollout = new Rollout(model.engine(), tokenizer, null, RolloutOptions.of(sampling, 12));
        List<String> texts = PROBLEMS.stream().map(p -> "Q: " + p.prompt().getFirst().content() + "\nA:").toList();
        Experience e = new ExperienceCollector(rollout, tokenizer, PROBLEMS, texts, texts.stream().map(t -> tokenizer.encode(t, false)).toList(),
                (problem, prompt, response) -> new ScoredResponse(1, true, Map.of()), c).collect(0, new PromptOrder(PROBLEMS.size(), 0, 0));
        assertThat(e.groupCount()).isEqualTo(2);
        assertThat(e.sampling.filteredGroups()).isZero();
        assertThat(e.sampling.rounds()).isEqualTo(1);
    }
}
