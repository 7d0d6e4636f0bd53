package io.reason4j.reward;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where an answer may be found in a response (docs/verifier.md §1). A reward pays for whatever the
 * extraction accepts, so RL needs the policy to commit to one stated final answer, while a
 * benchmark score should read answers the way published numbers were read.
 */
public enum AnswerPolicy {
    /**
     * Only an explicit final answer: the last box, or the text after "the final answer is",
     * "Final Answer:", "the answer is", "Answer:". No whole-text, last-{@code $…$} or last-number
     * fallback, so a response that never states its answer earns nothing. RL rewards' default.
     */
    STRICT(List.of(ExtractionRule.BOXED, ExtractionRule.ANCHORED_PHRASE)),
    /**
     * Math-Verify's order: boxes, a bare short answer, anchored phrases, the last LaTeX environment,
     * the last number, and for a letter reference the last option letter. {@code eval}'s and
     * {@code verify}'s default, so scores compare with published ones.
     */
    LENIENT(List.of(ExtractionRule.BOXED, ExtractionRule.WHOLE_TEXT, ExtractionRule.ANCHORED_PHRASE, ExtractionRule.LATEX_ENVIRONMENT,
            ExtractionRule.PLAIN_NUMBER, ExtractionRule.CHOICE_LETTER));

    private final List<ExtractionRule> order;

    AnswerPolicy(List<ExtractionRule> order) {
        this.order = order;
    }

    /** The rules tried, in order. */
    public List<ExtractionRule> order() {
        return order;
    }

    /** The name in configuration files and on the command line: {@code strict}, {@code lenient}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy called {@code name}; an IllegalArgumentException names the allowed values. */
    public static AnswerPolicy named(String name) {
        for (AnswerPolicy p : values()) if (p.configName().equals(name)) return p;
        throw new IllegalArgumentException("is '" + name + "'; allowed values: "
                + String.join(", ", Arrays.stream(values()).map(AnswerPolicy::configName).toList()));
    }
}
