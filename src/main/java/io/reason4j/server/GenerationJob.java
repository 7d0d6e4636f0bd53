package io.reason4j.server;

import io.reason4j.engine.SamplingParams;
import java.util.List;

/**
 * A parsed completions or chat request: the prompts, how to sample, and how to write the answer.
 * Each prompt gets {@code n} choices; choice {@code j} of prompt {@code p} has index {@code p * n + j}
 * and its own random stream, seeded with {@code seed + j} when the request has a seed.
 *
 * @param chat         a chat completion (message deltas, chat log-prob shape) rather than a text completion
 * @param params       sampling of every choice (its seed is replaced per choice)
 * @param seed         the request's seed, or null for fresh randomness
 * @param logprobs     whether to return log-probabilities
 * @param topLogprobs  alternatives per token with them (0..20)
 * @param includeUsage whether a stream ends with a usage chunk ({@code stream_options.include_usage})
 */
record GenerationJob(boolean chat, List<int[]> prompts, int n, SamplingParams params, Long seed, boolean logprobs,
                     int topLogprobs, boolean stream, boolean includeUsage, OutputOptions output) {

    /**
     * How token ids become the answer's text.
     *
     * @param skipSpecialTokens  leave special tokens (EOS) out of the text (vLLM's default, true)
     * @param includeStopString  keep a matched stop string at the end of the text (vLLM's
     *                           {@code include_stop_str_in_output}; OpenAI cuts it)
     * @param tokensAsIds        write log-prob tokens as {@code token_id:123} (vLLM's
     *                           {@code return_tokens_as_token_ids}), so clients get exact ids
     * @param returnTokenIds     add {@code token_ids} to each choice (vLLM's {@code return_token_ids})
     * @param toolCalls          read tool calls out of a chat answer ({@link HermesToolCalls}): the
     *                           request's {@code tool_choice} is {@code auto} on a server started
     *                           with a tool-call parser
     */
    record OutputOptions(boolean skipSpecialTokens, boolean includeStopString, boolean tokensAsIds, boolean returnTokenIds,
                         boolean toolCalls) {}

    int choices() {
        return prompts.size() * n;
    }

    int[] prompt(int choice) {
        return prompts.get(choice / n);
    }

    /** The random stream of one choice: the request's seed plus its index among the prompt's n. */
    SamplingParams paramsOf(int choice, long freshSeed) {
        return params.withSeed(seed == null ? freshSeed : seed + choice % n);
    }
}
