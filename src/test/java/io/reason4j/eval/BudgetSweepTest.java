package io.reason4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** s1's control, scaling and performance on fixed points, against values worked out by hand. */
class BudgetSweepTest {

    static BudgetSweep.Point point(int budget, double thinking, double accuracy, double control) {
        return new BudgetSweep.Point(budget, 0, new MeanWithError(accuracy, 0.01), thinking, thinking + 10, control);
    }

    @Test
    void scalingIsTheMeanSlopeOverAllPairs() {
        List<BudgetSweep.Point> points = List.of(point(400, 400, 0.5, 0.9), point(100, 100, 0.2, 1.0), point(200, 200, 0.4, 0.8));
        // pairs (100, 200): 0.2/100; (100, 400): 0.3/300; (200, 400): 0.1/200 → mean of 0.002, 0.001, 0.0005
        BudgetSweep.Result r = BudgetSweep.summarise(points);
        assertThat(r.scaling()).isCloseTo((0.002 + 0.001 + 0.0005) / 3, within(1e-15));
        assertThat(r.performance()).isEqualTo(0.5);
        assertThat(r.control()).isCloseTo(0.9, within(1e-15));
    }

    @Test
    void pointsOfEqualLengthHaveNoSlope() {
        assertThat(BudgetSweep.scaling(List.of(point(100, 100, 0.2, 1), point(200, 100, 0.4, 1)))).isNaN();
        assertThat(BudgetSweep.scaling(List.of(point(100, 100, 0.2, 1)))).isNaN();
    }

    @Test
    void controlCountsSamplesInsideTheRange() {
        List<ProblemResult> results = List.of(new ProblemResult("a", "t", "1", 0, List.of(thinking(90), thinking(100), thinking(101), thinking(10))));
        assertThat(BudgetSweep.control(results, 100, 0)).isEqualTo(0.75);
        assertThat(BudgetSweep.control(results, 100, 50)).isEqualTo(0.5);
        assertThat(BudgetSweep.control(results, 0, 50)).isEqualTo(0.75);
    }

    static SampleResult thinking(int tokens) {
        return new SampleResult("r", "1", false, tokens + 5, tokens, 0, 0, "stop");
    }
}
