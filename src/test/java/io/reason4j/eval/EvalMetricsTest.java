package io.reason4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import io.reason4j.reward.VerifierSettings;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics on fixed per-problem results, against values worked out by hand. */
class EvalMetricsTest {

    static SampleResult sample(String answer, boolean correct) {
        return new SampleResult("… \\boxed{" + answer + "}", answer, correct, 10, 0, 0, 0, "stop");
    }

    static ProblemResult problem(String id, Object... answersAndVerdicts) {
        List<SampleResult> s = new ArrayList<>();
        for (int i = 0; i < answersAndVerdicts.length; i += 2) s.add(sample((String) answersAndVerdicts[i], (Boolean) answersAndVerdicts[i + 1]));
        return ProblemResult.of(id, "test", "x", s);
    }

    @Test
    void avgPassAndMajorityWithStandardErrors() {
        List<ProblemResult> results = List.of(
                problem("a", "1", false, "2", false, "2", false, "3", false),          // 0 of 4; maj: 2 (wrong)
                problem("b", "5", true, "6", false, "5", true, "6", false),             // 2 of 4; maj@4: 5–6 tie → 5 (right)
                problem("c", "0.5", true, "1/2", true, "\\frac{1}{2}", true, "0.5", true)); // 4 of 4
        Map<String, MeanWithError> m = EvalMetrics.of(results, 4, List.of(1, 2, 4), new ProblemVerifiers(VerifierSettings.lenient())::sameAnswer);
        assertThat(m.keySet()).containsExactly("avg@4", "pass@1", "pass@2", "pass@4", "maj@1", "maj@2", "maj@4");
        // avg@4: (0 + 1/2 + 1)/3; the sample standard deviation of {0, 1/2, 1} is 1/2, so the error is 1/(2√3).
        assertThat(m.get("avg@4").mean()).isCloseTo(0.5, within(1e-12));
        assertThat(m.get("avg@4").standardError()).isCloseTo(0.5 / Math.sqrt(3), within(1e-12));
        assertThat(m.get("pass@1").mean()).isCloseTo(0.5, within(1e-12));
        // pass@2: 0, 1 − C(2,2)/C(4,2) = 5/6, 1 → mean 11/18; deviations −11/18, 4/18, 7/18 → s² = 186/324/2
        assertThat(m.get("pass@2").mean()).isCloseTo(11.0 / 18, within(1e-12));
        assertThat(m.get("pass@2").standardError()).isCloseTo(Math.sqrt(93.0 / 324 / 3), within(1e-12));
        assertThat(m.get("pass@4").mean()).isCloseTo(2.0 / 3, within(1e-12));
        // maj@1: the first samples: wrong, right, right
        assertThat(m.get("maj@1").mean()).isCloseTo(2.0 / 3, within(1e-12));
        // maj@2: a: 1–2 tie → 1 (wrong); b: 5–6 tie → 5 (right); c: one answer (right)
        assertThat(m.get("maj@2").mean()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.get("maj@4").mean()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void defaultKsArePowersOfTwoAndN() {
        assertThat(EvalMetrics.defaultKs(1)).containsExactly(1);
        assertThat(EvalMetrics.defaultKs(32)).containsExactly(1, 2, 4, 8, 16, 32);
        assertThat(EvalMetrics.defaultKs(10)).containsExactly(1, 2, 4, 8, 10);
    }

    @Test
    void aProblemWithTooFewSamplesIsAnError() {
        List<ProblemResult> results = List.of(problem("a", "1", true, "2", false));
        assertThatThrownBy(() -> EvalMetrics.of(results, 4, List.of(1), String::equals)).hasMessageContaining("problem a has 2 samples, 4 expected");
    }

    @Test
    void oneProblemHasNoStandardError() {
        assertThat(MeanWithError.of(List.of(0.25)).standardError()).isNaN();
        assertThat(MeanWithError.of(List.of(0.25)).mean()).isEqualTo(0.25);
    }
}
