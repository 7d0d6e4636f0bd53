package io.reason4j.reward;

import java.util.regex.Pattern;

/**
 * Decides whether a model's response states an answer equivalent to a reference answer
 * (docs/verifier.md). Extraction ({@link AnswerExtractor}), normalisation ({@link LatexNormalizer}),
 * parsing ({@link MathParser}) and comparison ({@link AnswerComparator}) run under a hard
 * {@link VerificationBudget}: a pathological input is "not equivalent" with the limit as the reason.
 *
 * <p>Immutable and thread-safe: every check has its own budget and comparison state.
 */
public final class MathVerifier implements AnswerVerifier {
    /** An answer of only words, each of three or more letters. */
    private static final Pattern WORDS = Pattern.compile("[A-Za-z]{3,}( [A-Za-z]{3,})*");
    /** A reference that is a choice letter ({@code (C)}, {@code \text{C}}) once this wrapping is removed. */
    private static final Pattern CHOICE_WRAPPING = Pattern.compile("[\\\\{}()$]|text");
    private static final Pattern CHOICE_LETTER = Pattern.compile("[A-J]");

    private final AnswerExtractor extractor;
    private final VerificationBudget budget;

    public MathVerifier(AnswerExtractor extractor, VerificationBudget budget) {
        this.extractor = extractor;
        this.budget = budget;
    }

    public static MathVerifier withDefaults() {
        return new MathVerifier(AnswerExtractor.defaults(), VerificationBudget.defaults());
    }

    public VerificationBudget budget() {
        return budget;
    }

    public VerificationResult verify(String reference, String response) {
        return verify(reference, response, null);
    }

    /**
     * @param prompt the question the response answers, or null; verbatim restatements of it in the
     *     response are ignored when looking for the answer
     */
    @Override
    public VerificationResult verify(String reference, String response, String prompt) {
        CheckBudget check = new CheckBudget(budget);
        if (reference.length() > budget.maxResponseChars()) {
            return new VerificationResult(Verdict.NOT_EQUIVALENT, null, null, "the reference is longer than " + budget.maxResponseChars() + " characters");
        }
        if (response.length() > budget.maxResponseChars()) {
            return new VerificationResult(Verdict.NOT_EQUIVALENT, null, null, "the response is longer than " + budget.maxResponseChars() + " characters");
        }
        Extraction gold = extractor.extractReference(reference);
        if (!gold.isPresent()) return new VerificationResult(Verdict.NOT_EQUIVALENT, null, null, "reference: " + gold.problem());
        boolean choices = CHOICE_LETTER.matcher(CHOICE_WRAPPING.matcher(gold.answer().strip()).replaceAll("").strip()).matches();
        Extraction pred = extractor.extract(ResponseScrubber.scrub(response, prompt), choices);
        if (!pred.isPresent()) return new VerificationResult(Verdict.NOT_EQUIVALENT, gold.answer(), null, pred.problem());
        try {
            return compare(gold, pred, reference, check);
        } catch (BudgetExceededException e) {
            return new VerificationResult(Verdict.NOT_EQUIVALENT, shortened(gold.answer()), shortened(pred.answer()), "budget: " + e.getMessage());
        }
    }

    private VerificationResult compare(Extraction gold, Extraction pred, String reference, CheckBudget check) {
        String g = gold.answer(), p = pred.answer();
        if (g.length() > budget.maxAnswerChars()) throw new BudgetExceededException("reference answer longer than " + budget.maxAnswerChars() + " characters");
        if (p.length() > budget.maxAnswerChars()) throw new BudgetExceededException("answer longer than " + budget.maxAnswerChars() + " characters");
        MathParser.checkBracketDepth(g, check);
        MathParser.checkBracketDepth(p, check);
        String ng = LatexNormalizer.normalize(g), np = LatexNormalizer.normalize(p);
        if (np.isEmpty()) return new VerificationResult(Verdict.NOT_EQUIVALENT, g, p, "the answer is empty");
        if (sameText(ng, np)) return new VerificationResult(Verdict.EQUIVALENT, g, p, "identical after normalisation");
        if (WORDS.matcher(ng).matches() && ng.equalsIgnoreCase(np)) {
            // Answers in words ("Yes", "odd") are text, where case does not matter; anything else is compared as math (abc = cba).
            return new VerificationResult(Verdict.EQUIVALENT, g, p, "the same words");
        }
        MathExpr goldExpr;
        try {
            goldExpr = MathParser.parse(ng, check);
        } catch (MathSyntaxException e) {
            // A reference that is a whole solution rather than an answer: look for its answer like in a response.
            Extraction retry = gold.rule() == ExtractionRule.WHOLE_TEXT ? extractor.extract(reference) : gold;
            if (retry.isPresent() && !retry.answer().equals(g)) return compare(retry, pred, reference, check);
            return new VerificationResult(Verdict.UNDECIDED, g, p, "the reference is not readable as mathematics (" + e.getMessage() + ")");
        }
        MathExpr predExpr;
        try {
            predExpr = MathParser.parse(np, check);
        } catch (MathSyntaxException e) {
            return new VerificationResult(Verdict.UNDECIDED, g, p, "the answer is not readable as mathematics (" + e.getMessage() + ")");
        }
        Outcome o = new AnswerComparator(check).compare(goldExpr, predExpr);
        return new VerificationResult(o.verdict(), g, p, o.reason());
    }

    private static boolean sameText(String a, String b) {
        return a.replace(" ", "").equals(b.replace(" ", ""));
    }

    private static String shortened(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "... (" + s.length() + " characters)" : s;
    }
}
