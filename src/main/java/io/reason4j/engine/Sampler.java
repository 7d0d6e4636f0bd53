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

    /**
     * The {@code k} most likely tokens of a row under the distribution {@link #sample} draws from
     * (temperature-scaled, or plain for greedy), with their log-probabilities. One pass keeps the
     * best k seen so far in sorted arrays; most tokens are rejected by one comparison.
     */
    public TopLogprobs top(float[] logits, int off, int vocab, int k, SamplingParams p) {
        double scale = p.isGreedy() ? 1.0 : 1.0 / p.temperature();
        k = Math.min(k, vocab);
        int[] ids = new int[k];
        float[] best = new float[k];
        int n = 0;
        for (int i = 0; i < vocab; i++) {
            float x = logits[off + i];
            if (n == k && x <= best[k - 1]) continue; // ties keep the lower id, seen first
            int at = n < k ? n++ : k - 1;
            while (at > 0 && best[at - 1] < x) {
                best[at] = best[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            best[at] = x;
            ids[at] = i;
        }
        double lse = logSumExp(logits, off, vocab, scale);
        float[] logprobs = new float[k];
        for (int j = 0; j < k; j++) logprobs[j] = (float) (best[j] * scale - lse);
        return new TopLogprobs(ids, logprobs);
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

    /**
     * Keeps the top-k tokens, then the smallest prefix of them (by probability, ties by id) whose
     * mass reaches top-p, and samples from that renormalised set. Sorting a 150k vocabulary per token
     * would dominate decoding, so only the candidates are sorted: one pass buckets the probabilities
     * by binary exponent, and every token of the kept set lies in the top buckets that already hold k
     * tokens or p of the mass (a sorted prefix reaches its goal before leaving those buckets).
     */
    private int truncated(int vocab, SamplingParams p, SplittableRandom random) {
        int keep = p.topK() > 0 ? Math.min(p.topK(), vocab) : vocab;
        java.util.Arrays.fill(bucketMass, 0);
        java.util.Arrays.fill(bucketCount, 0);
        for (int i = 0; i < vocab; i++) {
            int b = bucket(probs[i]);
            bucketMass[b] += probs[i];
            bucketCount[b]++;
        }
        int lowest = 0, count = 0;
        double mass = 0;
        for (int b = BUCKETS - 1; b >= 0; b--) {
            count += bucketCount[b];
            mass += bucketMass[b];
            lowest = b;
            if (count >= keep || mass >= p.topP()) break;
        }
        if (candidates.length < count) candidates = new Integer[Math.max(count, 2 * candidates.length)];
        int n = 0;
        for (int i = 0; i < vocab; i++) if (bucket(probs[i]) >= lowest) candidates[n++] = i;
        java.util.Arrays.sort(candidates, 0, n, (a, b) -> probs[a] != probs[b] ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
        keep = Math.min(keep, n);
        double kept = 0;
        int size = 0;
        while (size < keep) {
            kept += probs[candidates[size]];
            size++;
            if (kept >= p.topP()) break;
        }
        double u = random.nextDouble() * kept, cumulative = 0;
        for (int i = 0; i < size; i++) {
            cumulative += probs[candidates[i]];
            if (u < cumulative) return candidates[i];
        }
        return candidates[size - 1];
    }

    private static final int BUCKETS = 128;
    private final double[] bucketMass = new double[BUCKETS];
    private final int[] bucketCount = new int[BUCKETS];
    private Integer[] candidates = new Integer[0];

    /** Probabilities in [2^e, 2^(e+1)) share bucket e + 127; everything below 2^-126 shares bucket 0. */
    private static int bucket(double prob) {
        return prob <= 0 ? 0 : Math.clamp(Math.getExponent(prob) + BUCKETS - 1, 0, BUCKETS - 1);
    }

    private static double logSumExp(float[] x, int off, int n, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[off + i] * scale);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(x[off + i] * scale - max);
        return max + Math.log(sum);
    }
}
