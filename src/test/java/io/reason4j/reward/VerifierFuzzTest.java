package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random LaTeX-like garbage never throws and never hangs: every check ends with a verdict and a reason. */
class VerifierFuzzTest {
    static final String[] PIECES = {"1", "2", "0", "9", ".5", "x", "y", "e", "\\pi", "+", "-", "*", "/", "^", "_", "(", ")", "[", "]", "{", "}",
            "\\{", "\\}", ",", ";", "=", "<", ">", "\\le", "\\pm", "\\frac", "\\sqrt", "\\binom", "!", "|", "\\sin", "\\log", "\\infty", "\\cup",
            "\\in", "\\approx", " and ", " or ", "\\text{", "\\boxed{", "$", "\\(", "\\)", "&", "\\\\", "\\begin{pmatrix}", "\\end{pmatrix}",
            "\\sum", "%", "\\left(", "\\right)", ":", "'", "10^{", "\\mp", "\\cdot", "\\times", " "};

    @Test
    void randomInputsAlwaysEndWithAVerdict() {
        MathVerifier verifier = MathVerifier.withDefaults();
        Random random = new Random(12345);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int trial = 0; trial < 3000; trial++) {
                String gold = garbage(random), pred = garbage(random);
                verdictFor(verifier, gold, random.nextBoolean() ? "\\boxed{" + pred + "}" : pred);
            }
        });
    }

    @Test
    void randomWellFormedExpressionsAlwaysEndWithAVerdict() {
        MathVerifier verifier = MathVerifier.withDefaults();
        Random random = new Random(777);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int trial = 0; trial < 1500; trial++) {
                String gold = answer(random), pred = answer(random);
                verdictFor(verifier, gold, "\\boxed{" + pred + "}");
                // The same answer inside a redundant group is not identical text, so this goes through the comparison.
                VerificationResult self = verifier.verify(gold, "\\boxed{{" + gold + "}}");
                if (!self.equivalent()) assertThat(self.reason()).as(gold).containsAnyOf("undefined", "could not evaluate");
            }
        });
    }

    /** Wrappers that add one level of nesting each. */
    static final String[][] WRAPPERS = {{"(", ")"}, {"[", "]"}, {"{", "}"}, {"\\sqrt{", "}"}, {"-", ""}, {"\\frac{1}{", "}"},
            {"|", "|"}, {"2^{", "}"}, {"\\left(", "\\right)"}, {"\\{", "\\}"}, {"\\sin(", ")"}, {"1+(", ")"}};

    @Test
    void deeplyNestedRandomExpressionsEndWithAVerdictWithinTheBudget() {
        Random random = new Random(4242);
        for (MathVerifier verifier : new MathVerifier[] {MathVerifier.withDefaults(), MathVerifier.of(VerifierSettings.strict())}) {
            for (int trial = 0; trial < 300; trial++) {
                StringBuilder open = new StringBuilder(), close = new StringBuilder();
                int depth = random.nextInt(400);
                for (int d = 0; d < depth; d++) {
                    String[] w = WRAPPERS[random.nextInt(WRAPPERS.length)];
                    open.append(w[0]);
                    close.insert(0, w[1]);
                }
                String response = "\\boxed{" + open + scalar(random, 2) + close + "}";
                withinTheBudget(verifier, answer(random), response);
            }
        }
    }

    /** Pieces that each rule scans for, so that a long response makes every scan work. */
    static final String[] LONG_PIECES = {"\\boxed{", "}", "$", "$$", "\\(", "\\)", "Answer:", " the final answer is ", "(", ")", "{",
            "<interpreter>", "</interpreter>", "<tool_response>", "```output\n", "```", "<|im_start|>tool", "12", "3.5", "1,000", " and ",
            " or ", ", ", "\\text{", "word ", "\n", ". The ", "\\fbox ", "\\\\", "%"};

    @Test
    void megabyteLongRandomResponsesEndWithAVerdictWithinTheBudget() {
        Random random = new Random(99);
        for (MathVerifier verifier : new MathVerifier[] {MathVerifier.withDefaults(), MathVerifier.of(VerifierSettings.strict())}) {
            for (int trial = 0; trial < 12; trial++) {
                StringBuilder b = new StringBuilder();
                // One piece repeated, or a random mix: the worst cases of a linear scan are long runs of one thing.
                String only = trial % 3 == 0 ? LONG_PIECES[random.nextInt(LONG_PIECES.length)] : null;
                while (b.length() < 990_000) b.append(only != null ? only : LONG_PIECES[random.nextInt(LONG_PIECES.length)]);
                withinTheBudget(verifier, "12", b.toString());
            }
        }
    }

    /** A verdict with a reason, within the check's time budget and a margin for a busy machine. */
    static void withinTheBudget(MathVerifier verifier, String gold, String response) {
        long started = System.nanoTime();
        verdictFor(verifier, gold, response);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).as("%d characters starting %s", response.length(), response.substring(0, Math.min(60, response.length())))
                .isLessThanOrEqualTo(verifier.budget().timeout().toMillis() + 1_000);
    }

    /** The check's result, which must come with a reason; an exception names the inputs. */
    static VerificationResult verdictFor(MathVerifier verifier, String gold, String response) {
        VerificationResult r;
        try {
            r = verifier.verify(gold, response);
        } catch (RuntimeException e) {
            throw new AssertionError("gold <" + gold + "> response <" + response + ">", e);
        }
        assertThat(r.reason()).as(gold + " | " + response).isNotBlank();
        return r;
    }

    /** A structure of scalar expressions, or one scalar. */
    static String answer(Random r) {
        String a = scalar(r, 3), b = scalar(r, 3);
        return switch (r.nextInt(7)) {
            case 0 -> "\\{" + a + ", " + b + "\\}";
            case 1 -> "[" + a + ", " + b + ")";
            case 2 -> "(" + a + ", " + b + ")";
            case 3 -> a + " \\pm " + b;
            case 4 -> "\\begin{pmatrix}" + a + " & " + b + "\\end{pmatrix}";
            default -> a;
        };
    }

    static String scalar(Random r, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return switch (r.nextInt(6)) {
                case 0 -> Integer.toString(r.nextInt(20) - 5);
                case 1 -> "x";
                case 2 -> "y";
                case 3 -> "\\pi";
                case 4 -> "0." + r.nextInt(100);
                default -> Integer.toString(r.nextInt(7));
            };
        }
        String a = scalar(r, depth - 1), b = scalar(r, depth - 1);
        return switch (r.nextInt(11)) {
            case 0 -> "(" + a + "+" + b + ")";
            case 1 -> "(" + a + "-" + b + ")";
            case 2 -> a + " \\cdot " + b;
            case 3 -> "\\frac{" + a + "}{" + b + "}";
            case 4 -> "\\sqrt{" + a + "}";
            case 5 -> "(" + a + ")^{" + r.nextInt(4) + "}";
            case 6 -> "\\sin(" + a + ")";
            case 7 -> "\\ln(" + a + ")";
            case 8 -> r.nextInt(8) + "!";
            case 9 -> "|" + a + "|";
            default -> "\\binom{" + r.nextInt(9) + "}{" + r.nextInt(9) + "}";
        };
    }

    static String garbage(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + random.nextInt(14); i > 0; i--) b.append(PIECES[random.nextInt(PIECES.length)]);
        return b.toString();
    }
}
