package io.reason4j.distill;

/**
 * How a trace the model wrote all of (no interpreter output, nothing forced) is written for SFT.
 * Traces with inserted text are always segments (docs/data-formats.md, "Segments").
 */
public enum PlainTraceFormat {
    /**
     * Chat {@code messages}: the problem's prompt messages and the response as the assistant's
     * message. Portable (TRL, Open R1 write this), but rendered by the student's chat template, and
     * a template that rewrites assistant turns changes the trace: DeepSeek-R1-Distill's drops
     * everything before {@code </think>}.
     */
    MESSAGES,
    /**
     * {@code prompt} (the messages) and {@code completion} (the response text): the prompt rendered
     * with the generation prompt, then the response exactly as the teacher wrote it, then EOS.
     */
    COMPLETION
}
