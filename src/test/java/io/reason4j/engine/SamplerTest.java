package io.reason4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sampler's empirical distribution against softmax(logits / T) computed here independently. */
class SamplerTest {
    static final float[] LOGITS = {2.0f, 1.0f, 0.5f, -1.0f, 0.0f, 1.5f};

    static double[] softmax(double temperature) {
        double[] p = new double[LOGITS.length];
        double z = 0;
        for (int i = 0; i < p.length; i++) z += p[i] = Math.exp(LOGITS[i] / temperature);
        for (int i = 0; i < p.length; i++) p[i] /= z;
        return p;
    }

    static double[] frequencies(SamplingParams params, int draws) {
        Sampler sampler = new Sampler();
        SplittableRandom random = new SplittableRandom(1);
        double[] f = new double[LOGITS.length];
        for (int i = 0; i < draws; i++) f[sampler.sample(LOGITS, 0, LOGITS.length, params, random).token()] += 1.0 / draws;
        return f;
    }

    static SamplingParams params(double temperature, double topP, int topK) {
        return new SamplingParams(temperature, topP, topK, 1, 0, Set.of(), List.of());
    }

    @Test
    void temperatureSamplingFollowsTheScaledSoftmax() {
        for (double temperature : new double[] {0.7, 1.0, 2.0}) {
            double[] expected = softmax(temperature), seen = frequencies(params(temperature, 1, 0), 200_000);
            for (int i = 0; i < expected.length; i++) assertThat(seen[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.005));
        }
    }

    @Test
    void topKKeepsTheKMostLikelyRenormalised() {
        double[] p = softmax(1.0), seen = frequencies(params(1.0, 1, 2), 100_000);
        double mass = p[0] + p[5];
        assertThat(seen[0]).isCloseTo(p[0] / mass, org.assertj.core.data.Offset.offset(0.005));
        assertThat(seen[5]).isCloseTo(p[5] / mass, org.assertj.core.data.Offset.offset(0.005));
        assertThat(seen[1] + seen[2] + seen[3] + seen[4]).isZero();
    }

    @Test
    void topPKeepsTheSmallestNucleusReachingP() {
        double[] p = softmax(1.0); // sorted: 0 (0.41), 5 (0.25), 1 (0.15), 2 (0.09), 4 (0.06), 3 (0.02)
        double[] seen = frequencies(params(1.0, 0.7, 0), 100_000);
        double mass = p[0] + p[5] + p[1];
        assertThat(p[0] + p[5]).isLessThan(0.7);
        assertThat(mass).isGreaterThanOrEqualTo(0.7);
        for (int i : new int[] {0, 5, 1}) assertThat(seen[i]).isCloseTo(p[i] / mass, org.assertj.core.data.Offset.offset(0.005));
        assertThat(seen[2] + seen[3] + seen[4]).isZero();
    }

    @Test
    void greedyAndLogprobsAreOfTheScaledFullDistribution() {
        Sampler sampler = new Sampler();
        Sampler.Choice greedy = sampler.sample(LOGITS, 0, LOGITS.length, params(0, 1, 0), new SplittableRandom(1));
        assertThat(greedy.token()).isZero();
        assertThat((double) greedy.logprob()).isCloseTo(Math.log(softmax(1.0)[0]), org.assertj.core.data.Offset.offset(1e-6));
        Sampler.Choice c = sampler.sample(LOGITS, 0, LOGITS.length, params(0.5, 0.3, 0), new SplittableRandom(1));
        assertThat((double) c.logprob()).isCloseTo(Math.log(softmax(0.5)[c.token()]), org.assertj.core.data.Offset.offset(1e-6));
    }

    /** Over a large vocabulary, sampled tokens follow the truncated distribution computed here by a full sort. */
    @Test
    void truncationOverALargeVocabularyMatchesAFullSort() {
        int vocab = 2_000;
        SplittableRandom r = new SplittableRandom(9);
        float[] logits = new float[vocab];
        for (int i = 0; i < vocab; i++) logits[i] = (float) (3 * r.nextGaussian());
        for (int i = 0; i < 40; i++) logits[r.nextInt(vocab)] = logits[i]; // exact ties
        for (double[] setting : new double[][] {{0.9, 0}, {1.0, 50}, {0.5, 20}, {0.999, 0}}) {
            double topP = setting[0];
            int topK = (int) setting[1];
            double[] p = new double[vocab];
            double z = 0;
            for (int i = 0; i < vocab; i++) z += p[i] = Math.exp(logits[i]);
            Integer[] order = new Integer[vocab];
            for (int i = 0; i < vocab; i++) {
                p[i] /= z;
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
            java.util.Map<Integer, Double> kept = new java.util.HashMap<>();
            double mass = 0;
            for (int i = 0; i < (topK > 0 ? topK : vocab) && mass < topP; i++) {
                mass += p[order[i]];
                kept.put(order[i], p[order[i]]);
            }
            Sampler sampler = new Sampler();
            SplittableRandom random = new SplittableRandom(2);
            java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
            int draws = 20_000;
            for (int d = 0; d < draws; d++) seen.merge(sampler.sample(logits, 0, vocab, params(1.0, topP, topK), random).token(), 1, Integer::sum);
            assertThat(kept.keySet()).as("top-p %s top-k %s", topP, topK).containsAll(seen.keySet());
            double totalMass = mass;
            // The most likely kept tokens appear with their renormalised probability.
            for (int i = 0; i < Math.min(5, kept.size()); i++) {
                double expected = p[order[i]] / totalMass, freq = seen.getOrDefault(order[i], 0) / (double) draws;
                assertThat(freq).isCloseTo(expected, org.assertj.core.data.Offset.offset(4 * Math.sqrt(expected / draws) + 1e-3));
            }
        }
    }
}
