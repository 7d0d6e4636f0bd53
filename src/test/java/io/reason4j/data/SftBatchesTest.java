package io.reason4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reason4j.model.TokenBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SftBatchesTest {

    private static SftExample example(String origin, int[] tokens, int... trainableAt) {
        boolean[] trainable = new boolean[tokens.length];
        for (int i : trainableAt) {
            trainable[i] = true;
        }
        return new SftExample(tokens, trainable, origin);
    }

    // ---- layouts written by hand ---------------------------------------------------------------

    @Test
    void packedRowHoldsExamplesLongestFirstWithRestartingPositionsAndNoTargetAcrossThem() {
        SftExample a = example("a", new int[] {11, 12, 13}, 2);
        SftExample b = example("b", new int[] {21, 22, 23, 24, 25}, 3, 4);
        SftBatches batches = SftDataset.of("hand", List.of(a, b))
                .batches(SftBatchOptions.packed(1, 10).withShuffle(false));
        assertThat(batches.batchesPerEpoch()).isEqualTo(1);
        TokenBatch batch = batches.epoch(0).batch(0);
        assertThat(batch.rows()).isEqualTo(1);
        assertThat(batch.length()).isEqualTo(8);
        assertThat(batch.tokens()).containsExactly(21, 22, 23, 24, 25, 11, 12, 13);
        assertThat(batch.positions()).containsExactly(0, 1, 2, 3, 4, 0, 1, 2);
        assertThat(batch.targets()).containsExactly(22, 23, 24, 25, -1, 12, 13, -1);
        assertThat(batch.mask()).containsExactly(0, 0, 1, 1, 0, 0, 1, 0);
        assertThat(batches.epoch(0).rows(0)).isDeepEqualTo(new int[][] {{1, 0}});
    }

    @Test
    void paddedRowsHoldOneExampleEachAndPaddingIsAloneMaskedAndTargetless() {
        SftExample a = example("a", new int[] {11, 12, 13}, 1, 2);
        SftExample b = example("b", new int[] {21, 22, 23, 24, 25}, 4);
        SftBatches batches = SftDataset.of("hand", List.of(a, b))
                .batches(SftBatchOptions.padded(2, 10).withShuffle(false));
        TokenBatch batch = batches.epoch(0).batch(0);
        assertThat(batch.rows()).isEqualTo(2);
        assertThat(batch.length()).isEqualTo(5);
        int pad = SftEpoch.PAD_TOKEN;
        assertThat(batch.tokens()).containsExactly(21, 22, 23, 24, 25, 11, 12, 13, pad, pad);
        assertThat(batch.positions()).containsExactly(0, 1, 2, 3, 4, 0, 1, 2, 0, 0);
        assertThat(batch.targets()).containsExactly(22, 23, 24, 25, -1, 12, 13, -1, -1, -1);
        assertThat(batch.mask()).containsExactly(0, 0, 0, 1, 0, 1, 1, 0, 0, 0);

        // Rounded up to a multiple of 4 (and at most the maximum length).
        TokenBatch rounded = SftDataset.of("hand", List.of(a, b))
                .batches(SftBatchOptions.padded(2, 10).withShuffle(false).withPadToMultipleOf(4)).epoch(0).batch(0);
        assertThat(rounded.length()).isEqualTo(8);
        assertThat(rounded.positions()).containsExactly(0, 1, 2, 3, 4, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0);
        TokenBatch capped = SftDataset.of("hand", List.of(a, b))
                .batches(SftBatchOptions.padded(2, 6).withShuffle(false).withPadToMultipleOf(4)).epoch(0).batch(0);
        assertThat(capped.length()).isEqualTo(6);
    }

    @Test
    void longExamplesAreCutToTheMaximumLengthAndOnesLeftWithoutATargetAreLeftOut() {
        SftExample longOne = example("long", new int[] {1, 2, 3, 4, 5, 6}, 2, 3, 4, 5);
        SftExample lateOnly = example("late", new int[] {1, 2, 3, 4, 5, 6}, 5);
        SftExample none = example("none", new int[] {7, 8});
        SftExample fits = example("fits", new int[] {7, 8}, 1);
        SftBatches batches = SftDataset.of("cut", List.of(longOne, lateOnly, none, fits))
                .batches(SftBatchOptions.padded(4, 4).withShuffle(false));
        assertThat(batches.examples()).isEqualTo(2);
        assertThat(batches.truncatedExamples()).isEqualTo(1);
        assertThat(batches.leftOut()).containsExactly("late", "none");
        assertThat(batches.warnings()).containsExactly(
                "cut: 1 of 2 examples are longer than 4 tokens and are cut to their first 4",
                "cut: 2 examples have no token to train on within their first 4 tokens and are left out, e.g. late, none");
        TokenBatch batch = batches.epoch(0).batch(0);
        assertThat(batch.tokens()).containsExactly(1, 2, 3, 4, 7, 8, 0, 0);
        assertThat(batch.targets()).containsExactly(2, 3, 4, -1, 8, -1, -1, -1);
        assertThat(batch.mask()).containsExactly(0, 1, 1, 0, 1, 0, 0, 0);

        assertThatThrownBy(() -> SftDataset.of("cut", List.of(lateOnly, none)).batches(SftBatchOptions.packed(1, 4)))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("cut: none of its 2 examples has a token to train on within its first 4 tokens (the maximum"
                        + " length); raise the maximum length");
    }

    // ---- invariants on random data -------------------------------------------------------------

    /** Example i starts with token 1000 + i, so a document in a batch says which example it is. */
    private static SftDataset randomDataset(int n, int minLength, int maxLength, long seed) {
        Random random = new Random(seed);
        List<SftExample> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            int[] tokens = new int[length];
            boolean[] trainable = new boolean[length];
            tokens[0] = 1000 + i;
            for (int t = 1; t < length; t++) {
                tokens[t] = 1 + random.nextInt(999);
                trainable[t] = random.nextInt(3) > 0;
            }
            examples.add(new SftExample(tokens, trainable, "ex" + i));
        }
        return SftDataset.of("random", examples);
    }

    /**
     * Walks every batch of an epoch, cutting rows into documents where positions restart, and checks
     * each document against its example: every batched example exactly once, its tokens (cut to the
     * maximum length) with next-token targets and the trainable flags as mask; no document
     * attending outside itself; padding alone, targetless and masked.
     */
    private static void assertEpochIsFaithful(SftBatches batches, SftEpoch epoch) {
        SftDataset data = batches.dataset();
        int max = batches.options().maxLength();
        int[] seen = new int[data.size()];
        long maskedTokens = 0;
        for (int b = 0; b < epoch.size(); b++) {
            TokenBatch batch = epoch.batch(b);
            assertThat(batch.rows()).isBetween(1, batches.options().rows());
            assertThat(batch.length()).isLessThanOrEqualTo(max);
            int[][] planned = epoch.rows(b);
            assertThat(planned.length).isEqualTo(batch.rows());
            for (int r = 0; r < batch.rows(); r++) {
                List<Integer> documents = new ArrayList<>();
                int t = r * batch.length();
                int end = t + batch.length();
                while (t < end) {
                    int start = t;
                    assertThat(batch.positions()[t]).isZero();
                    do {
                        t++;
                    } while (t < end && batch.positions()[t] != 0);
                    int length = t - start;
                    for (int k = start; k < t; k++) {
                        assertThat(batch.documentStart(k)).isEqualTo(start);
                    }
                    if (length == 1 && batch.tokens()[start] < 1000) {
                        assertThat(batch.tokens()[start]).isEqualTo(SftEpoch.PAD_TOKEN);
                        assertThat(batch.targets()[start]).isEqualTo(-1);
                        assertThat(batch.mask()[start]).isZero();
                        assertThat(documents).as("padding comes after the documents").isNotEmpty();
                        continue;
                    }
                    int index = batch.tokens()[start] - 1000;
                    SftExample example = data.get(index);
                    seen[index]++;
                    documents.add(index);
                    assertThat(length).isEqualTo(Math.min(example.length(), max));
                    for (int i = 0; i < length; i++) {
                        assertThat(batch.tokens()[start + i]).isEqualTo(example.tokens()[i]);
                        boolean last = i == length - 1;
                        assertThat(batch.targets()[start + i]).isEqualTo(last ? -1 : example.tokens()[i + 1]);
                        assertThat(batch.mask()[start + i]).isEqualTo(!last && example.trainable()[i + 1] ? 1f : 0f);
                        if (batch.mask()[start + i] != 0) {
                            maskedTokens++;
                        }
                    }
                }
                assertThat(documents).containsExactlyElementsOf(Arrays.stream(planned[r]).boxed().toList());
            }
        }
        long expectedMasked = 0;
        for (int i = 0; i < data.size(); i++) {
            boolean batched = data.get(i).trainableTargets(max) > 0;
            assertThat(seen[i]).as("times example %d appears", i).isEqualTo(batched ? 1 : 0);
            if (batched) {
                expectedMasked += data.get(i).trainableTargets(max);
            }
        }
        assertThat(maskedTokens).isEqualTo(expectedMasked);
    }

    @Test
    void packedEpochsHoldEveryExampleOnceAndNeverAttendAcrossExamples() {
        SftDataset data = randomDataset(300, 1, 90, 1);
        SftBatches batches = data.batches(SftBatchOptions.packed(4, 64).withSeed(5));
        assertThat(batches.truncatedExamples()).isPositive();
        for (int e = 0; e < 3; e++) {
            SftEpoch epoch = batches.epoch(e);
            assertThat(epoch.size()).isEqualTo(batches.batchesPerEpoch());
            assertEpochIsFaithful(batches, epoch);
        }
        // Best-fit decreasing packs these nearly full.
        assertThat(batches.epoch(0).paddingFraction()).isLessThan(0.03);
    }

    @Test
    void paddedEpochsHoldEveryExampleOnce() {
        SftDataset data = randomDataset(300, 1, 90, 2);
        SftBatches batches = data.batches(SftBatchOptions.padded(8, 64).withSeed(5).withPadToMultipleOf(8));
        for (int e = 0; e < 2; e++) {
            assertEpochIsFaithful(batches, batches.epoch(e));
        }
        assertEpochIsFaithful(batches, data.batches(SftBatchOptions.padded(8, 64).withShuffle(false)).epoch(0));
    }

    @Test
    void groupingByLengthWastesLittlePadding() {
        int rows = 8;
        SftDataset data = randomDataset(2000, 10, 500, 3);
        SftEpoch grouped = data.batches(SftBatchOptions.padded(rows, 512).withSeed(9)).epoch(0);

        // The same batch size with examples in random order, padded to each batch's longest.
        int[] order = SeededShuffle.permutation(data.size(), new Random(9));
        long tokens = 0;
        long slots = 0;
        for (int from = 0; from < order.length; from += rows) {
            int longest = 0;
            int count = Math.min(rows, order.length - from);
            for (int r = 0; r < count; r++) {
                int length = data.get(order[from + r]).length();
                tokens += length;
                longest = Math.max(longest, length);
            }
            slots += (long) count * longest;
        }
        double randomWaste = (double) (slots - tokens) / slots;

        assertThat(grouped.tokens()).isEqualTo(tokens);
        assertThat(randomWaste).isGreaterThan(0.3);
        assertThat(grouped.paddingFraction()).isLessThan(0.03);
        // The batches are shuffled, not ordered longest first.
        assertThat(grouped.size()).isEqualTo(250);
        List<Integer> lengths = new ArrayList<>();
        for (int b = 0; b < grouped.size(); b++) {
            lengths.add(grouped.batch(b).length());
        }
        assertThat(lengths).isNotEqualTo(lengths.stream().sorted((x, y) -> y - x).toList());
    }

    // ---- order, determinism and resuming -------------------------------------------------------

    private static void assertSameBatch(TokenBatch actual, TokenBatch expected) {
        assertThat(actual.rows()).isEqualTo(expected.rows());
        assertThat(actual.length()).isEqualTo(expected.length());
        assertThat(actual.tokens()).isEqualTo(expected.tokens());
        assertThat(actual.positions()).isEqualTo(expected.positions());
        assertThat(actual.targets()).isEqualTo(expected.targets());
        assertThat(actual.mask()).isEqualTo(expected.mask());
    }

    @Test
    void aStreamResumedFromACursorContinuesExactlyWhereTheFirstLeftOff() {
        SftDataset data = randomDataset(60, 2, 40, 4);
        for (SftBatchOptions options : List.of(SftBatchOptions.packed(2, 48).withSeed(11),
                SftBatchOptions.padded(4, 48).withSeed(11))) {
            SftBatches batches = data.batches(options);
            int perEpoch = batches.batchesPerEpoch();
            SftBatchStream stream = batches.stream(SftCursor.START);
            List<TokenBatch> seen = new ArrayList<>();
            List<SftCursor> cursors = new ArrayList<>();
            for (int k = 0; k < 2 * perEpoch + 3; k++) {
                cursors.add(stream.cursor());
                seen.add(stream.next());
            }
            for (int k : new int[] {0, 1, perEpoch - 1, perEpoch, perEpoch + 2, 2 * perEpoch}) {
                assertThat(cursors.get(k)).isEqualTo(new SftCursor(k / perEpoch, k % perEpoch));
                // A fresh dataset and batcher, as after a restart.
                SftBatchStream resumed = data.batches(options).stream(cursors.get(k));
                for (int j = k; j < seen.size(); j++) {
                    assertSameBatch(resumed.next(), seen.get(j));
                }
            }
        }
    }

    @Test
    void epochsAreShuffledDifferentlyButReproducibly() {
        SftDataset data = randomDataset(200, 2, 30, 5);
        SftBatches batches = data.batches(SftBatchOptions.padded(4, 32).withSeed(1));
        assertThat(batches.epoch(0).rows(0)).isNotEqualTo(batches.epoch(1).rows(0));
        SftBatches again = data.batches(SftBatchOptions.padded(4, 32).withSeed(1));
        SftBatches otherSeed = data.batches(SftBatchOptions.padded(4, 32).withSeed(2));
        List<int[][]> first = new ArrayList<>();
        List<int[][]> second = new ArrayList<>();
        List<int[][]> third = new ArrayList<>();
        for (int b = 0; b < batches.batchesPerEpoch(); b++) {
            first.add(batches.epoch(1).rows(b));
            second.add(again.epoch(1).rows(b));
            third.add(otherSeed.epoch(1).rows(b));
        }
        assertThat(second).usingRecursiveComparison().isEqualTo(first);
        assertThat(third).usingRecursiveComparison().isNotEqualTo(first);
    }

    @Test
    void withoutShuffleTheOrderIsTheSameEveryEpoch() {
        SftDataset data = randomDataset(50, 2, 30, 6);
        SftBatches batches = data.batches(SftBatchOptions.packed(2, 32).withShuffle(false));
        for (int b = 0; b < batches.batchesPerEpoch(); b++) {
            assertThat(batches.epoch(3).rows(b)).isDeepEqualTo(batches.epoch(0).rows(b));
        }
    }

    @Test
    void aCursorPastTheEndOfAnEpochIsRefused() {
        SftBatches batches = randomDataset(10, 2, 8, 7).batches(SftBatchOptions.padded(4, 8));
        assertThat(batches.batchesPerEpoch()).isEqualTo(3);
        assertThatThrownBy(() -> batches.stream(new SftCursor(2, 3)))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("random: cannot resume at epoch 2, batch 3: an epoch has 3 batches (batch 0..2); the dataset"
                        + " or the batch options (rows, maximum length, layout) differ from those of the run that saved"
                        + " the cursor");
    }

    @Test
    void optionsRefuseNonsense() {
        assertThatThrownBy(() -> SftBatchOptions.packed(0, 8)).hasMessageContaining("rows must be at least 1");
        assertThatThrownBy(() -> SftBatchOptions.packed(1, 1)).hasMessageContaining("maxLength must be at least 2");
        assertThatThrownBy(() -> SftBatchOptions.packed(1, 8).withPadToMultipleOf(0))
                .hasMessageContaining("padToMultipleOf must be at least 1");
        assertThatThrownBy(() -> new SftCursor(-1, 0)).hasMessageContaining("must not be negative");
    }
}
