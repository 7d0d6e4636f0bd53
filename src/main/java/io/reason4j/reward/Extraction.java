package io.reason4j.reward;

/**
 * The answer found in a text, or why none was taken.
 *
 * @param answer the answer text (LaTeX as written, not yet normalised), or null
 * @param rule the rule that found it, or null
 * @param problem why there is no answer ("no answer found", "empty \boxed{}", "several different boxed answers")
 */
public record Extraction(String answer, ExtractionRule rule, String problem) {
    static Extraction found(String answer, ExtractionRule rule) {
        return new Extraction(answer, rule, null);
    }

    static Extraction rejected(String problem) {
        return new Extraction(null, null, problem);
    }

    public boolean isPresent() {
        return answer != null;
    }
}
