package io.reason4j.reward;

/** Where an answer can be found in a response; {@link AnswerExtractor} tries them in a configurable order. */
public enum ExtractionRule {
    /** The last {@code \boxed{}} / {@code \fbox{}}, merged with boxes joined to it by "and", "or" or commas. */
    BOXED,
    /** The whole response, when it is short and is nothing but an answer ({@code 7,425,000}, {@code $\frac13$}). */
    WHOLE_TEXT,
    /** After the last "final answer is", "Final Answer:", "the answer is", "Answer:". */
    ANCHORED_PHRASE,
    /** The last {@code $…$}, {@code $$…$$}, {@code \(…\)} or {@code \[…\]}. */
    LATEX_ENVIRONMENT,
    /** The last plain number (with thousands separators, decimals, or a/b). */
    PLAIN_NUMBER,
    /** The last option letter such as (C); only tried when the reference is itself a letter. */
    CHOICE_LETTER;

    /** The name in metrics and JSON: {@code boxed}, {@code anchored_phrase}, … */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
