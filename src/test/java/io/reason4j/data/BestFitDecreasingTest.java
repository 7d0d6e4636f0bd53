package io.reason4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BestFitDecreasingTest {

    @Test
    void placesEachSequenceInTheFullestRowThatFitsIt() {
        // 6 opens row 0 (4 left); 5 opens row 1 (5 left); 4 fits both, row 0 is fuller; 3 and 2 fill row 1.
        List<int[]> rows = BestFitDecreasing.pack(new int[] {6, 5, 4, 3, 2}, new int[] {0, 1, 2, 3, 4}, 10);
        assertThat(rows).containsExactly(new int[] {0, 2}, new int[] {1, 3, 4});
    }

    @Test
    void takesLongestFirstAndKeepsTheGivenOrderAmongEqualLengths() {
        int[] lengths = {3, 3, 3, 3, 1};
        assertThat(BestFitDecreasing.pack(lengths, new int[] {4, 0, 1, 2, 3}, 7))
                .containsExactly(new int[] {0, 1, 4}, new int[] {2, 3});
        assertThat(BestFitDecreasing.pack(lengths, new int[] {3, 2, 1, 0, 4}, 7))
                .containsExactly(new int[] {3, 2, 4}, new int[] {1, 0});
    }

    @Test
    void packsOnlyTheSequencesItIsGiven() {
        assertThat(BestFitDecreasing.pack(new int[] {5, 9, 5}, new int[] {2, 0}, 10))
                .containsExactly(new int[] {2, 0});
    }

    @Test
    void fillsRowsAsANaiveBestFitDoes() {
        Random random = new Random(42);
        for (int trial = 0; trial < 50; trial++) {
            int capacity = 16 + random.nextInt(100);
            int n = 1 + random.nextInt(300);
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                lengths[i] = 1 + random.nextInt(random.nextBoolean() ? capacity : Math.max(1, capacity / 4));
            }
            int[] order = SeededShuffle.permutation(n, random);
            List<int[]> rows = BestFitDecreasing.pack(lengths, order, capacity);

            // Every sequence exactly once, no row over capacity.
            int[] seen = new int[n];
            List<Integer> fills = new ArrayList<>();
            for (int[] row : rows) {
                int fill = 0;
                for (int i : row) {
                    seen[i]++;
                    fill += lengths[i];
                }
                assertThat(fill).isLessThanOrEqualTo(capacity);
                fills.add(fill);
            }
            assertThat(seen).containsOnly(1);
            // Ties between rows with equal space left do not change what is left, so the fills must
            // match a plain quadratic best-fit decreasing.
            assertThat(sorted(fills)).isEqualTo(sorted(naiveBestFitFills(lengths, capacity)));
        }
    }

    private static List<Integer> naiveBestFitFills(int[] lengths, int capacity) {
        int[] sorted = Arrays.stream(lengths).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
        List<Integer> fills = new ArrayList<>();
        for (int length : sorted) {
            int best = -1;
            for (int r = 0; r < fills.size(); r++) {
                int left = capacity - fills.get(r);
                if (left >= length && (best < 0 || left < capacity - fills.get(best))) {
                    best = r;
                }
            }
            if (best < 0) {
                fills.add(length);
            } else {
                fills.set(best, fills.get(best) + length);
            }
        }
        return fills;
    }

    private static List<Integer> sorted(List<Integer> list) {
        return list.stream().sorted().toList();
    }

    @Test
    void refusesSequencesThatDoNotFitARow() {
        assertThatThrownBy(() -> BestFitDecreasing.pack(new int[] {11}, new int[] {0}, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
