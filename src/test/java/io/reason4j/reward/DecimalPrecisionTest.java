package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decimals earn credit only at real precision (issue 18): a decimal that does not equal the
 * reference exactly must agree with it to {@code float_rounding} places (6, Math-Verify's default),
 * so one-decimal answers are not a way to collect credit; a decimal reference is matched at its own
 * precision. Under the old rule (half a unit in the prediction's last place) every "false" row with
 * a coarse prediction was true.
 */
class DecimalPrecisionTest {
    static final MathVerifier SIX = MathVerifier.withDefaults();

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            \\frac13               | \\boxed{0.3}          | false
            \\pi                   | \\boxed{3.1}          | false
            \\frac{\\sqrt3}{2}     | \\boxed{0.9}          | false
            \\frac{1}{1000}        | \\boxed{0.0}          | false
            \\frac13               | \\boxed{0.33}         | false
            \\frac13               | \\boxed{0.333}        | false
            \\frac13               | \\boxed{0.333333}     | true
            \\frac13               | \\boxed{0.3333333}    | true
            \\frac23               | \\boxed{0.666667}     | true
            \\frac23               | \\boxed{0.666666}     | false
            \\frac12               | \\boxed{0.5}          | true
            \\frac{1}{12}          | \\boxed{0.0833333333333333} | true
            \\frac{\\sqrt3}{2}     | \\boxed{0.866025}     | true
            \\frac{\\sqrt3}{2}     | \\boxed{0.866}        | false
            100                    | \\boxed{100.004}      | false
            100                    | \\boxed{100.0000001}  | true
            3                      | \\boxed{2.9999999}    | true
            -\\frac13              | \\boxed{-0.333333}    | true
            -\\frac13              | \\boxed{-0.3}         | false
            3.14                   | \\boxed{3.14}         | true
            3.14                   | \\boxed{3.14159}      | true
            3.14                   | \\boxed{\\pi}         | true
            3.14                   | \\boxed{3.1}          | false
            3.14                   | \\boxed{3.146}        | false
            0.33                   | \\boxed{\\frac13}     | true
            0.06                   | \\boxed{0.060}        | true
            (1,\\frac13)           | \\boxed{(1,0.3)}      | false
            (1,\\frac13)           | \\boxed{(1,0.333333)} | true
            [0,\\frac13)           | \\boxed{[0,0.33)}     | false
            \\{\\frac13, 2\\}      | \\boxed{\\{2, 0.3\\}} | false
            """)
    void atSixPlaces(String gold, String pred, boolean expected) {
        VerificationResult r = SIX.verify(gold, pred);
        assertThat(r.equivalent()).as(r.explain()).isEqualTo(expected);
        if (!expected && r.reason().contains("different values")) assertThat(r.reason()).contains("agrees to 6 decimal places");
    }

    @ParameterizedTest(name = "{0} vs {1} at {2} places: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            \\frac13     | \\boxed{0.33}     | 2  | true
            \\frac13     | \\boxed{0.3}      | 2  | false
            \\frac13     | \\boxed{0.3}      | 1  | true
            \\pi         | \\boxed{3.14}     | 2  | true
            \\pi         | \\boxed{3.1416}   | 4  | true
            \\pi         | \\boxed{3.1416}   | 5  | false
            \\frac13     | \\boxed{0.333333} | 10 | false
            \\frac13     | \\boxed{0.3333333333} | 10 | true
            """)
    void theRoundingIsConfigurable(String gold, String pred, int places, boolean expected) {
        VerificationResult r = MathVerifier.of(VerifierSettings.lenient().withFloatRounding(places)).verify(gold, pred);
        assertThat(r.equivalent()).as(r.explain()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource(delimiter = '|', textBlock = """
            \\pi     | 3.14
            \\frac13 | 0.33
            \\frac13 | 0.3
            """)
    void onlyAReferenceDecimalSetsItsOwnPrecision(String exact, String decimal) {
        // The dataset decides the precision it asks for; the policy does not.
        assertThat(SIX.verify(exact, "\\boxed{" + decimal + "}").equivalent()).isFalse();
        assertThat(SIX.verify(decimal, "\\boxed{" + exact + "}").equivalent()).isTrue();
    }
}
