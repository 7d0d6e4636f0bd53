package io.reason4j.data.task;

import static org.assertj.core.api.Assertions.assertThat;
import io.reason4j.reward.VerifierSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CountdownTaskTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    @Test
    void everyInstanceIsSolvedByItsOwnAnswer() throws Exception {
        for (Map<String, Object> options : List.<Map<String, Object>>of(Map.of(), Map.of("count", 6, "max_number", 100, "max_target", 1000),
                Map.of("count", 2, "max_number", 9, "max_target", 50), Map.of("use_all", false, "count", 5))) {
            ReasoningTask task = Tasks.create("countdown", options);
            int count = task.options().integer("count");
            boolean useAll = task.options().bool("use_all");
            for (long seed = 0; seed < 200; seed++) {
                TaskProblem p = task.problem(seed);
                JsonNode ref = JSON.readTree(p.reference());
                List<Long> given = new ArrayList<>();
                ref.path("numbers").forEach(n -> given.add(n.asLong()));
                long target = ref.path("target").asLong();
                assertThat(given).hasSize(count).allMatch(n -> n >= 1 && n <= task.options().integer("max_number"));
                assertThat(target).isBetween(1L, (long) task.options().integer("max_target"));
                assertThat(given).doesNotContain(target);
                assertThat(ref.path("use_all").asBoolean()).isEqualTo(useAll);
                assertThat(p.question()).contains(Long.toString(target)).contains(useAll ? "exactly once" : "at most once");
                // Independently: the answer evaluates to the target and uses the given numbers as allowed.
                String answer = p.finalAnswer();
                assertThat(PythonIntegers.eval(answer)).as(answer).isEqualTo(BigInteger.valueOf(target));
                List<Long> used = new ArrayList<>();
                Matcher m = NUMBER.matcher(answer);
                while (m.find()) used.add(Long.parseLong(m.group()));
                List<Long> left = new ArrayList<>(given);
                for (Long n : used) assertThat(left.remove(n)).as(answer + " uses " + n + " of " + given).isTrue();
                if (useAll) assertThat(left).isEmpty();
                assertThat(p.steps()).hasSize(used.size() - 1);
                assertThat(task.verifier(VerifierSettings.strict()).verify(p.reference(), "The answer is \\boxed{" + answer + "}.", p.question()).equivalent()).isTrue();
                SolutionChecks.stepsComputeTheirValues(p);
            }
        }
    }

    @Test
    void deterministicBySeed() {
        SolutionChecks.deterministicBySeed("countdown", Map.of());
    }
}
