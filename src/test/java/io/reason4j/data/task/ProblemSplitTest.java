package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemSplitTest {

    @Test
    void trainAndEvalNeverShareAQuestionOrASeed() {
        // One-digit additions: 8 * 8 = 64 questions, so repeats are certain and must be skipped.
        ReasoningTask small = Tasks.create("arithmetic", Map.of("steps", 1, "digits", 1, "operations", "+"));
        ProblemSplit split = ProblemSplit.of(small, 40, 20, 7);
        assertThat(split.train()).hasSize(40);
        assertThat(split.eval()).hasSize(20);
        Set<String> evalQuestions = questions(split.eval());
        assertThat(evalQuestions).hasSize(20);
        assertThat(questions(split.train())).hasSize(40).doesNotContainAnyElementsOf(evalQuestions);
        Set<Long> evalSeeds = new HashSet<>();
        split.eval().forEach(p -> evalSeeds.add(p.seed()));
        assertThat(split.train()).allMatch(p -> !evalSeeds.contains(p.seed()) && p.seed() >= 7 && p.seed() < 7 + ProblemSplit.EVAL_SEED_OFFSET);
        assertThat(ProblemSplit.of(small, 40, 20, 7)).isEqualTo(split);
    }

    @Test
    void largeTasksTakeConsecutiveSeeds() {
        ReasoningTask task = Tasks.create("linear");
        ProblemSplit split = ProblemSplit.of(task, 100, 10, 0);
        assertThat(split.train().getFirst().seed()).isZero();
        assertThat(split.eval().getFirst().seed()).isEqualTo(ProblemSplit.EVAL_SEED_OFFSET);
        assertThat(split.eval()).isEqualTo(task.problems(ProblemSplit.EVAL_SEED_OFFSET, 10));
    }

    @Test
    void askingForMoreDistinctProblemsThanTheOptionsAllowIsAnError() {
        ReasoningTask small = Tasks.create("arithmetic", Map.of("steps", 1, "digits", 1, "operations", "+"));
        assertThatThrownBy(() -> ProblemSplit.of(small, 60, 10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task arithmetic with {steps=1, digits=1, operations=+, word_problems=false} made only 54 new distinct training problems")
                .hasMessageContaining("ask for fewer problems or raise the difficulty");
    }

    private static Set<String> questions(List<TaskProblem> problems) {
        Set<String> out = new HashSet<>();
        problems.forEach(p -> out.add(p.question()));
        return out;
    }
}
