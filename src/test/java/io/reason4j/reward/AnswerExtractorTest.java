package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerExtractorTest {
    static final AnswerExtractor EXTRACTOR = AnswerExtractor.defaults();

    static String answer(String text) {
        Extraction e = EXTRACTOR.extract(text);
        return e.isPresent() ? e.answer() : "(none: " + e.problem() + ")";
    }

    @Test
    void lastBoxWithMatchedBraces() {
        assertThat(answer("first \\boxed{2} then after more work \\boxed{\\frac{1}{\\sqrt{2}}}.")).startsWith("(none: several different boxed answers");
        assertThat(answer("x = \\boxed{\\frac{1}{\\sqrt{2}}}.")).isEqualTo("\\frac{1}{\\sqrt{2}}");
        assertThat(answer("so \\fbox{7}")).isEqualTo("7");
        assertThat(answer("so \\boxed 7 done")).isEqualTo("7");
        assertThat(answer("\\boxed{\\{1, 2\\}}")).isEqualTo("\\{1, 2\\}");
        assertThat(EXTRACTOR.extract("\\boxed{3}").rule()).isEqualTo(ExtractionRule.BOXED);
    }

    @Test
    void nearbyBoxesMergeIntoOneList() {
        assertThat(answer("\\boxed{1} and \\boxed{2}")).isEqualTo("1; 2");
        assertThat(answer("$\\boxed{2}, \\boxed{3}, \\boxed{5}$")).isEqualTo("2; 3; 5");
        assertThat(answer("\\boxed{(3, 3)} \\text{ for part (a) and } \\boxed{(1, 1)}")).isEqualTo("(3, 3); (1, 1)");
        assertThat(answer("\\boxed{1} no no no no no \\boxed{2}")).startsWith("(none: several different boxed answers");
        assertThat(answer("\\boxed{1} and \\boxed{}")).isEqualTo("(none: empty \\boxed{})");
    }

    @Test
    void anchoredPhrasesEnvironmentsAndNumbers() {
        assertThat(answer("The final answer is $x+1$. I hope it is correct.")).isEqualTo("x+1");
        assertThat(answer("Final Answer: The largest $n$ is 34.")).isEqualTo("34");
        assertThat(answer("Answer: (C)")).isEqualTo("(C)");
        assertThat(answer("we get \\(9\\) and then \\[10\\] at last")).isEqualTo("10");
        assertThat(answer("Answer $ \\frac{1}{2} \\$ = \\frac{10}{9} $")).isEqualTo(" \\frac{1}{2} \\$ = \\frac{10}{9} ");
        assertThat(answer("so we have 1,234 apples and 3 pears left over")).isEqualTo("3");
        assertThat(answer("so the number is 10 which is 1,000.99m²")).isEqualTo("1,000.99");
        assertThat(answer("7,425,000")).isEqualTo("7,425,000");
        assertThat(answer("$1,000.99")).isEqualTo("1,000.99");
        assertThat(answer("nothing numeric here at all")).isEqualTo("(none: no answer found (rules tried: boxed, whole_text, anchored_phrase, latex_environment, plain_number))");
    }

    @Test
    void prioritiesAreConfigurable() {
        String text = "I think \\boxed{3}, but maybe 4";
        assertThat(answer(text)).isEqualTo("3");
        AnswerExtractor numbersFirst = new AnswerExtractor(List.of(ExtractionRule.PLAIN_NUMBER, ExtractionRule.BOXED));
        assertThat(numbersFirst.extract(text).answer()).isEqualTo("4");
        AnswerExtractor boxesOnly = new AnswerExtractor(List.of(ExtractionRule.BOXED));
        assertThat(boxesOnly.extract("The answer is 4.").isPresent()).isFalse();
    }

    @Test
    void choiceLettersOnlyWhenTheReferenceIsALetter() {
        assertThat(EXTRACTOR.extract("After elimination I pick (B) here.", true).answer()).isEqualTo("B");
        assertThat(EXTRACTOR.extract("After elimination I pick (B) here.", false).isPresent()).isFalse();
    }

    @Test
    void referencesAreTakenWholeUnlessBoxed() {
        assertThat(EXTRACTOR.extractReference("$21,16$ or $11$").answer()).isEqualTo("21,16  or  11");
        assertThat(EXTRACTOR.extractReference("So it is \\boxed{5}.").answer()).isEqualTo("5");
    }
}
