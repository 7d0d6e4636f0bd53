package io.reason4j.reward;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes from a plain-text response what the model did not state itself, before an answer is
 * looked for: tool output in every format a rollout or a chat template writes, and verbatim copies of
 * the prompt. Otherwise a policy could earn credit by printing the answer from code, or by echoing a
 * prompt that contains it (verification.md, "Reward hacking").
 *
 * <p>This is for text without a record of who wrote what ({@code reason4j verify}, a teacher's text).
 * A rollout's own trajectories are judged on the policy's words alone, cut out by the loss mask
 * ({@code io.reason4j.rollout.ResponseText}), which no format can leak through; this scrubbing then
 * only removes tool output that the policy wrote itself.
 */
public final class ResponseScrubber {
    /** Tool output that starts with {@code opening} (a cheap test, so most responses skip the regular expression) and matches {@code block}. */
    private record ToolOutput(String opening, Pattern block) {
        ToolOutput(String opening, String close) {
            this(opening, Pattern.compile(Pattern.quote(opening) + ".*?(" + Pattern.quote(close) + "|\\z)", Pattern.DOTALL));
        }
    }

    /**
     * Tool output, each block to its end marker or, unclosed, to the end of the text: ReTool's
     * {@code <interpreter>}, Markdown {@code ```output} fences, Hermes / Qwen {@code <tool_response>},
     * tool turns of ChatML ({@code <|im_start|>tool}), Llama 3.x ({@code ipython} and {@code tool}
     * headers) and DeepSeek-V3 ({@code <｜tool▁output▁begin｜>}).
     */
    private static final List<ToolOutput> TOOL_OUTPUT = List.of(
            new ToolOutput("<interpreter>", "</interpreter>"),
            new ToolOutput("```output", Pattern.compile("```output\\b.*?(```|\\z)", Pattern.DOTALL)),
            new ToolOutput("<tool_response>", "</tool_response>"),
            new ToolOutput("<|im_start|>tool", Pattern.compile("<\\|im_start\\|>tool\\b.*?(<\\|im_end\\|>|\\z)", Pattern.DOTALL)),
            new ToolOutput("<|start_header_id|>", Pattern.compile("<\\|start_header_id\\|>(ipython|tool)<\\|end_header_id\\|>.*?(<\\|eot_id\\|>|\\z)",
                    Pattern.DOTALL)),
            new ToolOutput("<｜tool▁output▁begin｜>", "<｜tool▁output▁end｜>"));
    /** Prompt sentences shorter than this are too common to count as a restatement. */
    private static final int MIN_RESTATED_CHARS = 16;

    private ResponseScrubber() {}

    /** The response without tool output and, when {@code prompt} is given, without restatements of it. */
    public static String scrub(String response, String prompt) {
        String s = response;
        for (ToolOutput t : TOOL_OUTPUT) if (s.contains(t.opening())) s = t.block().matcher(s).replaceAll(" ");
        if (prompt != null && !prompt.isBlank()) s = withoutRestatement(s, prompt);
        return s;
    }

    private static String withoutRestatement(String response, String prompt) {
        String s = response.replace(prompt.strip(), " ");
        for (String sentence : prompt.split("(?<=[.?!:])\\s+|\\R")) {
            String t = sentence.strip();
            if (t.length() >= MIN_RESTATED_CHARS && s.contains(t)) s = s.replace(t, " ");
        }
        return s;
    }
}
