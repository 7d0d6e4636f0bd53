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
