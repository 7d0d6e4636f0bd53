package io.reason4j.engine;

import java.util.List;
import java.util.Set;

/**
 * How to sample one completion, with vLLM's meanings.
 *
 * @param temperature   0 means greedy (argmax); otherwise logits are divided by it
 * @param topP          nucleus sampling: keep the smallest set of tokens whose probability reaches it (1 = off)
 * @param topK          keep only the k most likely tokens (0 = off)
 * @param maxNewTokens  tokens to generate at most in one turn
 * @param seed          seeds this completion's random stream: the same seed gives the same output
 * @param stopTokenIds  tokens that end the turn (kept in the output, as vLLM does for EOS)
 * @param stopStrings   texts that end the turn once the generated text contains them (needs a tokenizer)
 */
public record SamplingParams(double temperature, double topP, int topK, int maxNewTokens, long seed,
                             Set<Integer> stopTokenIds, List<String> stopStrings) {

    public SamplingParams {
        if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        if (topK < 0) throw new IllegalArgumentException("top_k must be >= 0 (0 = off), got " + topK);
        if (maxNewTokens < 0) throw new IllegalArgumentException("max_new_tokens must be >= 0, got " + maxNewTokens);
        stopTokenIds = Set.copyOf(stopTokenIds);
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) if (s.isEmpty()) throw new IllegalArgumentException("stop strings must not be empty");
    }

    /** Temperature-1 sampling of up to {@code maxNewTokens} tokens, no truncation, no stops. */
    public static SamplingParams sample(int maxNewTokens, long seed) {
        return new SamplingParams(1.0, 1.0, 0, maxNewTokens, seed, Set.of(), List.of());
    }

    public static SamplingParams greedy(int maxNewTokens) {
        return new SamplingParams(0.0, 1.0, 0, maxNewTokens, 0, Set.of(), List.of());
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public SamplingParams withSeed(long newSeed) {
        return new SamplingParams(temperature, topP, topK, maxNewTokens, newSeed, stopTokenIds, stopStrings);
    }

    public SamplingParams withMaxNewTokens(int n) {
        return new SamplingParams(temperature, topP, topK, n, seed, stopTokenIds, stopStrings);
    }

    public SamplingParams withStops(Set<Integer> tokenIds, List<String> strings) {
        return new SamplingParams(temperature, topP, topK, maxNewTokens, seed, tokenIds, strings);
    }
}
