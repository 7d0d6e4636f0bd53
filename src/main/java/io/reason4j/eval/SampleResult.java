package io.reason4j.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.reason4j.data.task.TraceSegment;
import java.util.List;

/**
 * One sampled response to a problem, as saved in {@code results.jsonl}.
 *
 * @param response       the response text (tool output included)
 * @param answer         the final answer the verifier extracted, or null when it found none
 * @param correct        whether the verifier found it equivalent to the reference
 * @param tokens         response tokens, inserted ones (tool output, forced text) included
 * @param thinkingTokens tokens sampled before thinking ended (budget forcing; 0 when it is off)
 * @param extensions     times an end of thinking was suppressed (budget forcing)
 * @param toolCalls      interpreter calls made
 * @param finish         why the response ended: stop, length, tool_limit, ...
 * @param segments       the response as the model wrote it ({@code train} true) and as the system inserted it
 *                       (interpreter output, forced end of thinking, extension strings: {@code train} false),
 *                       decoded with special tokens kept, so that concatenated they tokenize to the response
 *                       tokens; null when every token was sampled (then {@code response} is the whole story).
 *                       Distillation writes them as SFT segments (docs/distillation.md)
 */
public record SampleResult(@JsonProperty("response") String response,
                           @JsonProperty("answer") String answer,
                           @JsonProperty("correct") boolean correct,
                           @JsonProperty("tokens") int tokens,
                           @JsonProperty("thinking_tokens") int thinkingTokens,
                           @JsonProperty("extensions") int extensions,
                           @JsonProperty("tool_calls") int toolCalls,
                           @JsonProperty("finish") String finish,
                           @JsonProperty("segments") @JsonInclude(JsonInclude.Include.NON_NULL) List<TraceSegment> segments) {

    public SampleResult {
        segments = segments == null ? null : List.copyOf(segments);
    }

    /** A response whose every token the model sampled. */
    public SampleResult(String response, String answer, boolean correct, int tokens, int thinkingTokens, int extensions, int toolCalls, String finish) {
        this(response, answer, correct, tokens, thinkingTokens, extensions, toolCalls, finish, null);
    }
}
