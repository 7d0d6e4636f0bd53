package io.reason4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SftSplitTest {

    private static SftDataset numbered(int n) {
        List<SftExample> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(new SftExample(new int[] {i, i + 1}, new boolean[] {false, true}, "line" + i));
        }
        return SftDataset.of("data.jsonl", examples);
    }

    private static List<String> origins(SftDataset data) {
        return data.examples().stream().map(SftExample::origin).toList();
    }

    @Test
    void holdsOutTheSameExamplesForTheSameSeedAndKeepsTheFileOrder() {
        SftDataset data = numbered(100);
        SftSplit split = data.split(HeldOut.fraction(0.1), 7);
        assertThat(split.eval().size()).isEqualTo(10);
        assertThat(split.train().size()).isEqualTo(90);

        Set<String> all = new HashSet<>(origins(split.train()));
        all.addAll(origins(split.eval()));
        assertThat(all).hasSize(100);
        // File order: example i has token i first.
        assertThat(split.eval().examples().stream().map(e -> e.tokens()[0]).toList()).isSorted();
        assertThat(split.train().examples().stream().map(e -> e.tokens()[0]).toList()).isSorted();

        assertThat(origins(data.split(HeldOut.fraction(0.1), 7).eval())).isEqualTo(origins(split.eval()));
        assertThat(origins(data.split(HeldOut.fraction(0.1), 8).eval())).isNotEqualTo(origins(split.eval()));
        assertThat(split.eval().name()).isEqualTo("data.jsonl (held out)");
    }

    @Test
    void holdsOutACountOrAtLeastOneExample() {
        assertThat(numbered(100).split(HeldOut.count(3), 1).eval().size()).isEqualTo(3);
        assertThat(numbered(10).split(HeldOut.fraction(0.001), 1).eval().size()).isEqualTo(1);
        assertThat(numbered(10).split(HeldOut.fraction(0.25), 1).eval().size()).isEqualTo(3);
    }

    @Test
    void refusesToHoldOutEverything() {
        assertThatThrownBy(() -> numbered(10).split(HeldOut.count(10), 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("data.jsonl: cannot hold out 10 examples (10 of 10 examples) for evaluation: nothing would be"
                        + " left to train on");
        assertThatThrownBy(() -> numbered(1).split(HeldOut.fraction(0.5), 1))
                .hasMessage("data.jsonl: cannot hold out 50% (1 of 1 examples) for evaluation: nothing would be left to"
                        + " train on");
        assertThat(HeldOut.fraction(0.05)).hasToString("5%");
        assertThatThrownBy(() -> HeldOut.fraction(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeldOut.count(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
