package io.reason4j.distill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiversitySamplingTest {

    @Test
    void ranksAreDrawnWithWeightsTwoToTheMinusRank() {
        // m = 3: weights 1, 1/2, 1/4 of a total 7/4, so rank 0 below u = 4/7, rank 1 below 6/7
        assertThat(DiversitySampling.rank(3, 0.0)).isZero();
        assertThat(DiversitySampling.rank(3, 4 / 7.0 - 1e-9)).isZero();
        assertThat(DiversitySampling.rank(3, 4 / 7.0 + 1e-9)).isEqualTo(1);
        assertThat(DiversitySampling.rank(3, 6 / 7.0 + 1e-9)).isEqualTo(2);
        assertThat(DiversitySampling.rank(3, Math.nextDown(1.0))).isEqualTo(2);
        assertThat(DiversitySampling.rank(1, 0.99)).isZero();
        assertThat(DiversitySampling.rank(5000, Math.nextDown(1.0))).isLessThan(5000);
    }

    @Test
    void everyCategoryIsPickedUntilItRunsOut() {
        List<DiversitySampling.Candidate> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) items.add(new DiversitySampling.Candidate("big", i));
        items.add(new DiversitySampling.Candidate("small", 1));
        items.add(new DiversitySampling.Candidate("small", 2));
        List<Integer> chosen = DiversitySampling.sample(items, 20, 5);
        assertThat(chosen).hasSize(20).doesNotHaveDuplicates().contains(50, 51);
        // asking for more than there is gives everything once
        assertThat(DiversitySampling.sample(items, 100, 5)).hasSize(52).doesNotHaveDuplicates();
        assertThat(DiversitySampling.sample(items, 0, 5)).isEmpty();
    }

    @Test
    void equalLengthsAreRankedByPosition() {
        List<DiversitySampling.Candidate> items = List.of(new DiversitySampling.Candidate("a", 5), new DiversitySampling.Candidate("a", 5),
                new DiversitySampling.Candidate("a", 9));
        // one draw with the longest first: rank 0 is index 2 with probability 4/7 whatever the seed's stream, so run many seeds
        int longestFirst = 0;
        for (long seed = 0; seed < 700; seed++) if (DiversitySampling.sample(items, 1, seed).getFirst() == 2) longestFirst++;
        assertThat(longestFirst).isBetween(340, 460); // 400 expected
    }
}
