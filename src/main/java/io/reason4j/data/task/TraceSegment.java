package io.reason4j.data.task;

import java.util.Objects;

/**
 * A run of a response's text: written by the model ({@code train}: SFT learns it) or inserted by the
 * system (interpreter output: the model reads it but is not trained to write it; ReTool's loss mask 0).
 */
public record TraceSegment(String text, boolean train) {
    public TraceSegment {
        Objects.requireNonNull(text, "text");
    }
}
