package io.reason4j.engine;

import java.util.SplittableRandom;

/**
 * Draws the next token from one row of logits: greedy, or temperature with optional top-k and
 * top-p truncation. The returned log-probability is that of the chosen token under the
 * temperature-scaled distribution over the whole vocabulary, before truncation: the quantity an RL
 * trainer recomputes (verl divides logits by the rollout temperature too). Greedy reports the plain
 * log-softmax.
 */
public final class Sampler {
    private double[] probs = new double[0];

    /** The chosen token and its log-probability. */
    public record Choice(int token, float logprob) {}

    public Choice sample(float[] logits, int off, int vocab, SamplingParams p, SplittableRandom random) {
        if (p.isGreedy()) {
            int best = 0;
            for (int i = 1; i < vocab; i++) if (logits[off + i] > logits[off + best]) best = i;
            return new Choice(best, (float) (logits[off + best] - logSumExp(logits, off, vocab, 1.0)));
        }
        double invT = 1.0 / p.temperature();
        double lse = logSumExp(logits, off, vocab, invT);
        if (probs.length < vocab) probs = new double[vocab];
        for (int i = 0; i < vocab; i++) probs[i] = Math.exp(logits[off + i] * invT - lse);
        int token = p.topK() > 0 || p.topP() < 1 ? truncated(vocab, p, random) : inverseCdf(vocab, 1.0, random);
        return new Choice(token, (float) (logits[off + token] * invT - lse));
    }

    private int inverseCdf(int vocab, double mass, SplittableRandom random) {
        double u = random.nextDouble() * mass, cumulative = 0;
        int last = 0;
        for (int i = 0; i < vocab; i++) {
            if (probs[i] <= 0) continue;
            cumulative += probs[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last;
    }

    /** Sorts by probability (ties by id, for determinism), keeps top-k then the top-p nucleus. */
    private int truncated(int vocab, SamplingParams p, SplittableRandom random) {
        Integer[] boxed = new Integer[vocab];
        for (int i = 0; i < vocab; i++) boxed[i] = i;
        java.util.Arrays.sort(boxed, (a, b) -> probs[a] != probs[b] ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
        int keep = p.topK() > 0 ? Math.min(p.topK(), vocab) : vocab;
        double mass = 0;
        int n = 0;
        while (n < keep) {
            mass += probs[boxed[n]];
            n++;
            if (mass >= p.topP()) break;
        }
        double u = random.nextDouble() * mass, cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += probs[boxed[i]];
            if (u < cumulative) return boxed[i];
        }
        return boxed[n - 1];
    }

    private static double logSumExp(float[] x, int off, int n, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[off + i] * scale);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(x[off + i] * scale - max);
        return max + Math.log(sum);
    }
}
