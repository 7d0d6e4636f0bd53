package io.reason4j.rollout;

import io.reason4j.tool.Tool;
import java.util.List;
import java.util.Optional;

/**
 * How tool calls and their results appear in the token stream: where a call ends (generation
 * pauses there), how to read the call out of the text, and what text the system inserts after it.
 */
public interface ToolFormat {

    /** Texts that close a call; the rollout stops a turn on them and asks {@link #callAtEnd}. */
    List<String> callEnds();

    /**
     * The call that {@code text} (the model's text since the last insertion) ends with, or empty when
     * it does not end a complete call (e.g. the stop text was an opening fence).
     */
    Optional<ToolCall> callAtEnd(String text, Tool tool);

    /** The text inserted after the call (loss mask 0): the output in its marker, up to where the model resumes. */
    String resultText(ToolCall call, String output);
}
