package io.reason4j.engine;

import io.reason4j.text.IncrementalDecoder;
import io.reason4j.text.Tokenizer;
import java.util.List;

/**
 * Watches the text of one turn, token by token, for stop strings. The text comes from an
 * {@link IncrementalDecoder}, so each step decodes a short window rather than the whole turn, and
 * only the tail that could hold a new match is searched.
 */
final class StopStringMatcher {
    private final List<String> stops;
    private final IncrementalDecoder decoder;
    private final int longest;
    private final StringBuilder text = new StringBuilder();
    private String matched;

    StopStringMatcher(List<String> stops, Tokenizer tokenizer) {
        this.stops = stops;
        this.decoder = new IncrementalDecoder(tokenizer, false);
        this.longest = stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Adds a sampled token; true if the turn's text now contains a stop string. */
    boolean accept(int token) {
        String piece = decoder.add(token);
        if (piece.isEmpty()) return false;
        int searchFrom = Math.max(0, text.length() - longest + 1);
        text.append(piece);
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
}
