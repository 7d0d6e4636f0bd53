package io.reason4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Tool calls written the Hermes way, as Qwen2.5, QwQ and Hermes 2 Pro+ chat templates teach:
 * {@code <tool_call>{"name": "f", "arguments": {...}}</tool_call>}, one block per call, after any
 * plain text. Read as vLLM's {@code hermes} tool-call parser reads them: the text before the first
 * block is the message's content, a last block may lack its closing tag (the answer was cut), and
 * if any block is not such a JSON object, nothing is a tool call and the whole text is content.
 */
final class HermesToolCalls {
    static final String START = "<tool_call>";
    static final String END = "</tool_call>";
    /** A block holds one JSON value and nothing after it (Python's json.loads, which vLLM uses). */
    private static final ObjectReader BLOCK = ResponseBodies.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private HermesToolCalls() {
    }

    /** One call: the function's name and its arguments as a JSON text (OpenAI's {@code function.arguments}). */
    record ToolCall(String name, String arguments) {}

    /**
     * The calls in an answer, in order; empty when it has none, or when any block is not a call
     * (then the whole answer is content). The content of an answer with calls is the text before
     * the first {@link #START}.
     */
    static List<ToolCall> parse(String text) {
        List<ToolCall> calls = new ArrayList<>();
        for (int at = text.indexOf(START); at >= 0; ) {
            int bodyStart = at + START.length(), end = text.indexOf(END, bodyStart);
            ToolCall call = call(text.substring(bodyStart, end < 0 ? text.length() : end));
            if (call == null) return List.of();
            calls.add(call);
            at = end < 0 ? -1 : text.indexOf(START, end + END.length());
        }
        return List.copyOf(calls);
    }

    /**
     * While an answer streams: how much of {@code text} is surely content. That is up to the first
     * call's start tag, or, with none yet, all but a tail that could still grow into one.
     */
    static int contentEnd(String text) {
        int first = text.indexOf(START);
        if (first >= 0) return first;
        for (int keep = Math.min(START.length() - 1, text.length()); keep > 0; keep--) {
            if (text.regionMatches(text.length() - keep, START, 0, keep)) return text.length() - keep;
        }
        return text.length();
    }

    private static ToolCall call(String body) {
        JsonNode call;
        try {
            call = BLOCK.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (call == null || !call.isObject() || !call.path("name").isTextual() || !call.has("arguments")) return null;
        return new ToolCall(call.get("name").asText(), call.get("arguments").toString());
    }
}
