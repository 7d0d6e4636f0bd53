package io.reason4j.engine;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Watches the text of one turn, token by token, for stop strings. Text is produced incrementally as
 * vLLM does: decode a short window of recent tokens and keep what the newest token added, holding
 * back a trailing U+FFFD (an incomplete UTF-8 sequence split across tokens). Only the tail that
 * could contain a new match is searched, so a step costs O(window), not O(turn).
 */
final class StopStringMatcher {
    /** Tokens of context decoded before the new one, so merges across token boundaries come out right. */
    private static final int WINDOW = 6;

    private final List<String> stops;
    private final Function<int[], String> detokenizer;
    private final int longest;
    private final StringBuilder text = new StringBuilder();
    private int[] ids = new int[16];
    private int size;
    private int emitted; // tokens whose text is already in `text`
    private String matched;

    StopStringMatcher(List<String> stops, Function<int[], String> detokenizer) {
        this.stops = stops;
        this.detokenizer = detokenizer;
        this.longest = stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Adds a sampled token; true if the turn's text now contains a stop string. */
    boolean accept(int token) {
        if (size == ids.length) ids = Arrays.copyOf(ids, size * 2);
        ids[size++] = token;
        int from = Math.max(0, emitted - WINDOW);
        String before = detokenizer.apply(Arrays.copyOfRange(ids, from, emitted));
        String after = detokenizer.apply(Arrays.copyOfRange(ids, from, size));
        if (after.endsWith("\uFFFD") || !after.startsWith(before)) return false;
        int searchFrom = Math.max(0, text.length() - longest + 1);
        text.append(after, before.length(), after.length());
        emitted = size;
        for (String stop : stops) {
            if (text.indexOf(stop, searchFrom) >= 0) {
                matched = stop;
                return true;
            }
        }
        return false;
    }

    /** The stop string found, or null. */
    String matched() {
        return matched;
    }

    /** The turn's text so far. */
    String text() {
        return text.toString();
    }
}
