package io.reason4j.reward;

import java.util.regex.Pattern;

/**
 * Removes from a response the text the model did not state itself, before an answer is looked for:
 * tool output ({@code <interpreter>…</interpreter>}, {@code ```output} fences) and verbatim copies of the
 * prompt. Otherwise a policy could earn credit by printing the answer from code, or by echoing a
 * prompt that contains it (verification.md, "Reward hacking").
 */
final class ResponseScrubber {
    private static final Pattern INTERPRETER = Pattern.compile("<interpreter>.*?(</interpreter>|\\z)", Pattern.DOTALL);
    private static final Pattern OUTPUT_FENCE = Pattern.compile("```output\\b.*?(```|\\z)", Pattern.DOTALL);
    /** Prompt sentences shorter than this are too common to count as a restatement. */
    private static final int MIN_RESTATED_CHARS = 16;

    private ResponseScrubber() {}

    static String scrub(String response, String prompt) {
        String s = response;
        if (s.contains("<interpreter>")) s = INTERPRETER.matcher(s).replaceAll(" ");
        if (s.contains("```output")) s = OUTPUT_FENCE.matcher(s).replaceAll(" ");
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
