package io.reason4j.reward;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    /** Stack of the threads that check deeply nested answers: room for a few hundred kilobytes per level of the depth budget. */
    private static final long DEEP_STACK_BYTES = 64L << 20;
    private static final ExecutorService DEEP_STACKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(null, r, "reason4j-deep-answer", DEEP_STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    private final AnswerExtractor extractor;
    private final VerificationBudget budget;
    private final int floatRounding;

    /**
     * @param floatRounding decimal places to which a decimal must agree with a value it does not
     *     equal exactly ({@link VerifierSettings#floatRounding})
     */
    public MathVerifier(AnswerExtractor extractor, VerificationBudget budget, int floatRounding) {
        this.extractor = extractor;
        this.budget = budget;
        this.floatRounding = VerifierSettings.checkFloatRounding(floatRounding);
    }

    public MathVerifier(AnswerExtractor extractor, VerificationBudget budget) {
        this(extractor, budget, VerifierSettings.DEFAULT_FLOAT_ROUNDING);
    }

    /** The verifier of these settings, with the default budget. */
    public static MathVerifier of(VerifierSettings settings) {
        return new MathVerifier(AnswerExtractor.of(settings.answerPolicy()), VerificationBudget.defaults(), settings.floatRounding());
    }

    /** Lenient extraction (Math-Verify's order), 6 decimal places: what {@code reason4j verify} and {@code eval} use by default. */
    public static MathVerifier withDefaults() {
        return of(VerifierSettings.lenient());
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
        if (reference.length() > budget.maxResponseChars()) {
            return new VerificationResult(Verdict.NOT_EQUIVALENT, null, null, null, "the reference is longer than " + budget.maxResponseChars() + " characters");
        }
        if (response.length() > budget.maxResponseChars()) {
            return new VerificationResult(Verdict.NOT_EQUIVALENT, null, null, null, "the response is longer than " + budget.maxResponseChars() + " characters");
        }
        Extraction gold = extractor.extractReference(reference);
        if (!gold.isPresent()) return new VerificationResult(Verdict.NOT_EQUIVALENT, null, null, null, "reference: " + gold.problem());
        boolean choices = CHOICE_LETTER.matcher(CHOICE_WRAPPING.matcher(gold.answer().strip()).replaceAll("").strip()).matches();
        Extraction pred = extractor.extract(ResponseScrubber.scrub(response, prompt), choices);
        if (!pred.isPresent()) return new VerificationResult(Verdict.NOT_EQUIVALENT, gold.answer(), null, null, pred.problem());
        Outcome o;
        String g = gold.answer(), p = pred.answer();
        CheckBudget check = new CheckBudget(budget);
        try {
            Compared c;
            try {
                c = compare(gold, pred, reference, check);
            } catch (DeepAnswerException e) {
                c = onDeepStack(() -> compare(gold, pred, reference, check), check);
            }
            g = c.gold();
            o = c.outcome();
        } catch (BudgetExceededException e) {
            g = shortened(g);
            p = shortened(p);
            o = Outcome.different("budget: " + e.getMessage());
        } catch (StackOverflowError e) {
            // Not reached with the default budget (DeepNestingTest): a last line against a budget too deep for DEEP_STACK_BYTES.
            g = shortened(g);
            p = shortened(p);
            o = Outcome.different("budget: too deeply nested for the checking thread's stack");
        }
        return new VerificationResult(o.verdict(), g, p, pred.rule(), pred.rule().configName() + ": " + o.reason());
    }

    /**
     * Runs a check of an answer nested deeper than {@link CheckBudget#SHALLOW_DEPTH} on a thread with a
     * stack for the whole depth budget: the caller's thread may have a small one (a virtual thread, a
     * pool worker), and one level of nesting can take a few kilobytes of stack. Deep answers are rare
     * (and adversarial), so the hand-over costs nothing in the common case.
     */
    private static Compared onDeepStack(Callable<Compared> work, CheckBudget check) {
        check.allowFullDepth();
        Future<Compared> f = DEEP_STACKS.submit(work);
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new BudgetExceededException("interrupted while checking a deeply nested answer");
        }
    }

    /** The outcome, and the reference answer it compared (a whole-solution reference is searched for its answer). */
    private record Compared(String gold, Outcome outcome) {}

    private Compared compare(Extraction gold, Extraction pred, String reference, CheckBudget check) {
        String g = gold.answer(), p = pred.answer();
        if (g.length() > budget.maxAnswerChars()) throw new BudgetExceededException("reference answer longer than " + budget.maxAnswerChars() + " characters");
        if (p.length() > budget.maxAnswerChars()) throw new BudgetExceededException("answer longer than " + budget.maxAnswerChars() + " characters");
        MathParser.checkBracketDepth(g, check);
        MathParser.checkBracketDepth(p, check);
        String ng = LatexNormalizer.normalize(g), np = LatexNormalizer.normalize(p);
        if (np.isEmpty()) return new Compared(g, Outcome.different("the answer is empty"));
        if (sameText(ng, np)) return new Compared(g, Outcome.equivalent("identical after normalisation"));
        if (WORDS.matcher(ng).matches() && ng.equalsIgnoreCase(np)) {
            // Answers in words ("Yes", "odd") are text, where case does not matter; anything else is compared as math (abc = cba).
            return new Compared(g, Outcome.equivalent("the same words"));
        }
        MathExpr goldExpr;
        try {
            goldExpr = MathParser.parse(ng, check);
        } catch (MathSyntaxException e) {
            // A reference that is a whole solution rather than an answer: look for its answer like in a
            // response. The reference is the dataset's, not the policy's, so it is searched leniently whatever the policy.
            Extraction retry = gold.rule() == ExtractionRule.WHOLE_TEXT ? AnswerExtractor.defaults().extract(reference) : gold;
            if (retry.isPresent() && !retry.answer().equals(g)) return compare(retry, pred, reference, check);
            return new Compared(g, Outcome.undecided("the reference is not readable as mathematics (" + e.getMessage() + ")"));
        }
        MathExpr predExpr;
        try {
            predExpr = MathParser.parse(np, check);
        } catch (MathSyntaxException e) {
            return new Compared(g, Outcome.undecided("the answer is not readable as mathematics (" + e.getMessage() + ")"));
        }
        return new Compared(g, new AnswerComparator(check, floatRounding).compare(goldExpr, predExpr));
    }

    private static boolean sameText(String a, String b) {
        return a.replace(" ", "").equals(b.replace(" ", ""));
    }

    private static String shortened(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "... (" + s.length() + " characters)" : s;
    }
}
