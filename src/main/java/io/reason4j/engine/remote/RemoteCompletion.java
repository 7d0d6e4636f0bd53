package io.reason4j.engine.remote;

import io.reason4j.engine.Completion;
import io.reason4j.engine.FinishReason;

/**
 * One choice of a remote completion.
 *
 * @param text         the completion's text as the server wrote it
 * @param tokenIds     the sampled token ids: from the server ({@code token_id:123} log-prob tokens), or,
 *                     when it did not send them, the text re-tokenized locally ({@code exactTokens} false)
 * @param logprobs     per token, the server's log-probability of it; NaN where unknown (re-tokenized text
 *                     whose token count differs from the server's)
 * @param matchedStop  the stop string that ended it (vLLM's {@code stop_reason}), or null
 * @param exactTokens  whether the ids are the ones the server sampled
 */
public record RemoteCompletion(int index, String text, int[] tokenIds, float[] logprobs, FinishReason finishReason,
                               String matchedStop, boolean exactTokens) {

    /** As the engine's completions are: ids, log-probs, finish reason, text. */
    public Completion toCompletion() {
        return new Completion(tokenIds, logprobs, finishReason, text);
    }
}
