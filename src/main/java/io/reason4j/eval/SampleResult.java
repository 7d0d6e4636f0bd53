package io.reason4j.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

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
 */
public record SampleResult(@JsonProperty("response") String response,
                           @JsonProperty("answer") String answer,
                           @JsonProperty("correct") boolean correct,
                           @JsonProperty("tokens") int tokens,
                           @JsonProperty("thinking_tokens") int thinkingTokens,
                           @JsonProperty("extensions") int extensions,
                           @JsonProperty("tool_calls") int toolCalls,
                           @JsonProperty("finish") String finish) {}
