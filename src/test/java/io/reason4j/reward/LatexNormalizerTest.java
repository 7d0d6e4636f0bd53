package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatexNormalizerTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            7,425,000                    | 7425000
            1 000                        | 1000
            1000,99                      | 1000.99
            1,2                          | 1,2
            "32, 349"                    | "32, 349"
            11,\\! 111,\\! 111,\\! 100   | 11111111100
            \\$1,000.99                  | 1000.99
            90^\\circ                    | 90
            90^{\\circ}                  | 90
            28\\%                        | 28
            28 percent                   | 28
            125\\textnormal{ miles}      | 125
            0.06 \\text{ yuan}           | 0.06
            \\dfrac{1}{3}                | \\frac{1}{3}
            \\left( \\frac13 \\right).   | ( \\frac13 )
            \\text{odd}                  | odd
            \\boxed{5}                   | 5
            "\\quadx_{2}=1"              | x_{2}=1
            sin(x)                       | \\sin(x)
            x ≤ 2                        | x \\le 2
            """)
    void normalises(String raw, String normalized) {
        assertThat(LatexNormalizer.normalize(raw)).isEqualTo(normalized);
    }
}
