package io.reason4j.server;

import io.reason4j.engine.FinishReason;
import io.reason4j.engine.TopLogprobs;
import io.reason4j.text.IncrementalDecoder;
import io.reason4j.text.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * One choice's answer as it grows on its request's thread: token ids with their log-probabilities,
 * and the text, decoded token by token. As OpenAI, a matched stop string is cut from the text
 * (unless {@code include_stop_str_in_output}); while streaming, the tail that could still become a
 * stop string is held back, so no chunk ever carries text that the end would cut. With tool calls
 * read out ({@link GenerationJob.OutputOptions#toolCalls}), the text is the content before the
 * first call, and text that could begin a call is held back the same way.
 */
final class ChoiceOutput {
    private final Tokenizer tokenizer;
    private final GenerationJob.OutputOptions options;
    private final IncrementalDecoder decoder;
    private final int holdBack;
    private final StringBuilder text = new StringBuilder();
    private int[] ids = new int[16];
    private float[] logprobs = new float[16];
    private TopLogprobs[] top = new TopLogprobs[16];
    private int[] offsets = new int[16];
    private int size;
    private int emitted;
    private int textEnd = -1;
    private FinishReason finish;
    private String matchedStop;
    private List<HermesToolCalls.ToolCall> toolCalls = List.of();

    /** @param tokenizer null for a model without one: the text stays empty */
    ChoiceOutput(Tokenizer tokenizer, GenerationJob.OutputOptions options, List<String> stops) {
        this.tokenizer = tokenizer;
        this.options = options;
        this.decoder = tokenizer == null ? null : new IncrementalDecoder(tokenizer, options.skipSpecialTokens());
        int longest = stops.stream().mapToInt(String::length).max().orElse(0);
        this.holdBack = options.includeStopString() ? 0 : Math.max(0, longest - 1);
    }

    void add(BatchScheduler.ChoiceUpdate u) {
        for (int i = 0; i < u.tokenIds().length; i++) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, 2 * size);
                logprobs = Arrays.copyOf(logprobs, 2 * size);
                top = Arrays.copyOf(top, 2 * size);
                offsets = Arrays.copyOf(offsets, 2 * size);
            }
            ids[size] = u.tokenIds()[i];
            logprobs[size] = u.logprobs()[i];
            top[size] = u.top() == null ? null : u.top()[i];
            offsets[size] = text.length();
            size++;
            // As vLLM: the stop token that ended the answer adds no text (unless include_stop_str_in_output),
            // which matters when special tokens are kept, as for tool calls.
            boolean stopToken = u.finish() == FinishReason.STOP && u.matchedStop() == null && i == u.tokenIds().length - 1;
            if (decoder != null && !(stopToken && !options.includeStopString())) text.append(decoder.add(u.tokenIds()[i]));
        }
        if (u.finish() != null) {
            finish = u.finish();
            matchedStop = u.matchedStop();
            if (decoder != null) text.append(decoder.flush());
            int cut = matchedStop == null || options.includeStopString() ? -1 : text.indexOf(matchedStop);
            textEnd = Math.max(emitted, cut >= 0 ? cut : text.length());
            if (options.toolCalls()) {
                toolCalls = HermesToolCalls.parse(text.substring(0, textEnd));
                // Nothing past the first call's tag went out while streaming (takeText), so this cut is safe.
                if (!toolCalls.isEmpty()) textEnd = Math.max(emitted, text.indexOf(HermesToolCalls.START));
            }
        }
    }

    /** Text not handed out yet that is safe to hand out: all of it once the choice has finished. */
    String takeText() {
        int end = textEnd;
        if (finish == null) {
            end = text.length() - holdBack;
            // A call's tag can only begin where the text handed out so far ends, or later.
            if (options.toolCalls()) end = Math.min(end, emitted + HermesToolCalls.contentEnd(text.substring(emitted)));
            end = Math.max(emitted, end);
        }
        String piece = text.substring(emitted, end);
        emitted = end;
        return piece;
    }

    /** The whole text of a finished choice. */
    String text() {
        return text.substring(0, finish != null ? textEnd : text.length());
    }

    int size() {
        return size;
    }

    int tokenId(int i) {
        return ids[i];
    }

    int[] tokenIds() {
        return Arrays.copyOf(ids, size);
    }

    float logprob(int i) {
        return logprobs[i];
    }

    TopLogprobs top(int i) {
        return top[i];
    }

    /** Where token i's text begins in the choice's text (OpenAI's {@code text_offset}). */
    int textOffset(int i) {
        return offsets[i];
    }

    /** A token as log-probs name it: its text, or {@code token_id:123} when asked for (or without a tokenizer). */
    String tokenName(int id) {
        if (options.tokensAsIds() || tokenizer == null) return "token_id:" + id;
        return tokenizer.decode(new int[] {id}, false);
    }

    FinishReason finish() {
        return finish;
    }

    String matchedStop() {
        return matchedStop;
    }

    /** The tool calls read out of a finished answer; empty when none were asked for or made. */
    List<HermesToolCalls.ToolCall> toolCalls() {
        return toolCalls;
    }
}
