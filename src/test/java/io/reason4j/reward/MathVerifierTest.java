package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Equivalence decisions written by hand; each row is one reference and one response. */
class MathVerifierTest {
    static final MathVerifier VERIFIER = MathVerifier.withDefaults();

    static void check(String gold, String pred, boolean expected) {
        VerificationResult r = VERIFIER.verify(gold, pred);
        assertThat(r.equivalent()).as(r.explain()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # The known false positives of public verifiers, all rejected.
            1/2^{99}               | \\boxed{1/2^{98}}                | false
            \\frac{1}{2^{99}}      | \\boxed{\\frac{1}{2^{98}}}        | false
            1/2004!                | \\boxed{1/2006!}                 | false
            4                      | \\boxed{4\\sqrt{2}}              | false
            100                    | \\boxed{100.004}                 | false
            100.004                | \\boxed{100}                     | false
            28\\%                  | \\boxed{0.28}                    | false
            0.28                   | \\boxed{28\\%}                   | false
            # ...and the true versions of the same shapes.
            1/2^{99}               | \\boxed{2^{-99}}                 | true
            1/2004!                | \\boxed{\\frac{1}{2004 \\cdot 2003!}} | true
            28\\%                  | \\boxed{28}                      | true
            100                    | \\boxed{100.0}                   | true
            """)
    void falsePositivesOfPublicVerifiersAreRejected(String gold, String pred, boolean expected) {
        check(gold, pred, expected);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            3\\sqrt{13}            | \\boxed{\\sqrt{117}}             | true
            2\\sqrt{2}             | \\boxed{\\sqrt 8}                | true
            3\\sqrt{2}             | \\boxed{\\sqrt{8}}               | false
            \\frac{\\sqrt{3}}{3}   | \\boxed{\\frac{1}{\\sqrt3}}      | true
            \\sqrt[3]{-8}          | \\boxed{-2}                      | true
            \\frac{\\pi}{2}        | \\boxed{\\pi/2}                  | true
            2\\pi                  | \\boxed{6.283185}                | true
            2\\pi                  | \\boxed{6.283}                   | false
            \\pi                   | \\boxed{3.1415927}               | true
            \\pi                   | \\boxed{3.14}                    | false
            3.14                   | \\boxed{\\pi}                    | true
            3.14                   | \\boxed{3.1415}                  | true
            3.14                   | \\boxed{3.1}                     | false
            \\pi                   | \\boxed{\\frac{22}{7}}           | false
            e^2                    | \\boxed{e \\cdot e}              | true
            \\sqrt{2}              | \\boxed{\\sqrt{2} + 10^{-60}}    | false
            \\binom{10}{3}         | \\boxed{120}                     | true
            \\binom{10}{3}         | \\boxed{\\frac{10!}{3!\\,7!}}    | true
            2^{10}                 | \\boxed{1024}                    | true
            0.3                    | \\boxed{0.1 + 0.2}               | true
            \\ln 8                 | \\boxed{3\\ln 2}                 | true
            \\log_2 8              | \\boxed{3}                       | true
            \\sin^2 x + \\cos^2 x  | \\boxed{1}                       | true
            (x+1)^2                | \\boxed{x^2+2x+1}                | true
            (x+1)^2                | \\boxed{x^2+x+1}                 | false
            \\frac{x^2-1}{x-1}     | \\boxed{x+1}                     | true
            \\frac{1}{x}+\\frac{1}{y} | \\boxed{\\frac{x+y}{xy}}      | true
            x                      | \\boxed{y}                       | false
            5                      | \\boxed{5x}                      | false
            \\text{Yes}          | \\boxed{\\text{yes}}         | true
            \\text{Yes}          | \\boxed{\\text{No}}          | false
            abc                    | \\boxed{cba}                   | true
            C                      | After checking all options I choose C | true
            C                      | The answer is (D).               | false
            """)
    void numbersAndExpressions(String gold, String pred, boolean expected) {
        check(gold, pred, expected);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            [0,1)                  | \\boxed{[0,1)}                   | true
            [0,1)                  | \\boxed{[0,1]}                   | false
            (-\\infty, 2]          | \\boxed{x \\le 2}                | true
            (-\\infty, 2]          | \\boxed{x < 2}                   | false
            (2, \\infty)           | \\boxed{(2, +\\infty)}           | true
            \\{1,2\\}              | \\boxed{\\{2,1\\}}               | true
            (1,2)                  | \\boxed{(2,1)}                   | false
            \\{1,2,3\\}            | \\boxed{\\{1,2\\}}               | false
            x = 5                  | \\boxed{5}                       | true
            5                      | \\boxed{x = 5}                   | true
            5                      | \\boxed{-x = 5}                  | false
            \\frac{1}{\\sqrt{6}} | \\boxed{\\frac{NO}{BO}=\\frac{1}{\\sqrt{6}}} | true
            y = 2x + 1             | \\boxed{2x - y + 1 = 0}          | true
            y = 2x + 1             | \\boxed{y = 2x - 1}              | false
            a \\le b               | \\boxed{b \\ge a}                | true
            x > 3                  | \\boxed{3 < x}                   | true
            x > 3                  | \\boxed{x \\ge 3}                | false
            x = \\pm 2             | \\boxed{\\{2, -2\\}}             | true
            \\begin{pmatrix}1&2\\\\3&4\\end{pmatrix} | \\boxed{\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}} | true
            \\begin{pmatrix}1&2\\\\3&4\\end{pmatrix} | \\boxed{\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}} | false
            \\begin{pmatrix}7\\\\15\\end{pmatrix}    | \\boxed{\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}\\begin{pmatrix}1\\\\3\\end{pmatrix}} | true
            """)
    void structures(String gold, String pred, boolean expected) {
        check(gold, pred, expected);
    }
}
