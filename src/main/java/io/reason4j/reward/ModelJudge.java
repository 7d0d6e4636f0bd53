package io.reason4j.reward;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a judge model whether an answer is equivalent to the reference (the Seed-Thinking-Verifier
 * idea, Seed 2025): the model reasons, then ends with YES or NO. Its reasoning is kept with the
 * verdict. A completion without a clear final YES/NO, or a model that fails, is UNDECIDED.
 */
public final class ModelJudge {
    public static final String DEFAULT_TEMPLATE = """
            You are grading a student's final answer against the reference answer of a math problem.
            Decide whether the two are mathematically equivalent (the same value, set, interval or expression,
            possibly written differently). A list of several candidate answers is NOT equivalent to a single answer.

            Problem: {question}
            Reference answer: {reference}
            Student answer: {answer}

            Reason briefly, then end with a last line that is exactly "Final judgment: YES" or "Final judgment: NO".
            """;
    private static final Pattern FINAL = Pattern.compile("(?i)final judg(?:e)?ment\\s*[:：]?\\s*\\**\\s*(YES|NO)\\b");
    private static final Pattern LAST_WORD = Pattern.compile("(?i)\\b(YES|NO)\\b[\\s.*!]*\\z");

    private final JudgeModel model;
    private final String template;

    public ModelJudge(JudgeModel model, String template) {
        if (!template.contains("{reference}") || !template.contains("{answer}")) {
            throw new IllegalArgumentException("a judge template needs {reference} and {answer} placeholders");
        }
        this.model = model;
        this.template = template;
    }

    public ModelJudge(JudgeModel model) {
        this(model, DEFAULT_TEMPLATE);
    }

    public String prompt(String question, String reference, String answer) {
        return template.replace("{question}", question == null ? "(not given)" : question).replace("{reference}", reference)
                .replace("{answer}", answer);
    }

    public JudgeVerdict judge(String question, String reference, String answer) {
        String completion;
        try {
            completion = model.complete(prompt(question, reference, answer));
        } catch (RuntimeException e) {
            return new JudgeVerdict(Verdict.UNDECIDED, "the judge model failed: " + e.getMessage(), "");
        }
        if (completion == null) return new JudgeVerdict(Verdict.UNDECIDED, "the judge model returned nothing", "");
        return parse(completion);
    }

    /** The last "Final judgment: YES/NO", or else a YES/NO that ends the completion. */
    static JudgeVerdict parse(String completion) {
        Matcher m = FINAL.matcher(completion);
        int start = -1;
        String word = null;
        while (m.find()) {
            start = m.start();
            word = m.group(1);
        }
        if (word == null) {
            Matcher last = LAST_WORD.matcher(completion);
            if (last.find()) {
                start = last.start();
                word = last.group(1);
            }
        }
        if (word == null) return new JudgeVerdict(Verdict.UNDECIDED, completion.strip(), completion);
        Verdict v = word.equalsIgnoreCase("yes") ? Verdict.EQUIVALENT : Verdict.NOT_EQUIVALENT;
        return new JudgeVerdict(v, completion.substring(0, start).strip(), completion);
    }
}
