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
}
