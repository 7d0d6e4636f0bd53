package io.reason4j.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message of a conversation, as a Hugging Face chat template sees it.
 *
 * @param role    "system", "user", "assistant", "tool", ...
 * @param content the text; may be null (an assistant message that only calls tools)
 * @param extra   further keys the template may read, e.g. {@code tool_calls} or
 *                {@code reasoning_content}; values are plain Java maps, lists, strings, numbers
 */
public record ChatMessage(String role, String content, Map<String, Object> extra) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        // Keys are fixed at construction; a copy that keeps insertion order and allows null values.
        extra = extra == null || extra.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        if (extra.containsKey("role") || extra.containsKey("content")) {
            throw new IllegalArgumentException("extra must not hold 'role' or 'content': " + extra.keySet());
        }
    }

    public ChatMessage(String role, String content) {
        this(role, content, Map.of());
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    /** The message as the template sees it: {@code {"role": ..., "content": ..., **extra}}. */
    Map<String, Object> toTemplateValue() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("role", role);
        map.put("content", content);
        map.putAll(extra);
        return map;
    }
}
