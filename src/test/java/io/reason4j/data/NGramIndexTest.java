package io.reason4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NGramIndexTest {
    /** Twelve words; no word repeats, so every window is its own n-gram. */
    private static final String EVAL = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima";

    private static NGramIndex index(int n, String... texts) {
        NGramIndex index = new NGramIndex(n);
        for (int i = 0; i < texts.length; i++) index.add("aime", "aime:" + (i + 1), texts[i]);
        return index;
    }

    @Test
    void anOverlapOfExactlyEightWordsIsCaughtAndSevenIsNot() {
        NGramIndex index = index(8, EVAL);
        // eight consecutive words of the evaluation problem, inside other text
        assertThat(index.match("we ask: charlie delta echo foxtrot golf hotel india juliet, then stop"))
                .hasValueSatisfying(m -> {
                    assertThat(m.source()).isEqualTo("aime");
                    assertThat(m.id()).isEqualTo("aime:1");
                    assertThat(m.overlap()).isEqualTo("charlie delta echo foxtrot golf hotel india juliet");
                });
        // seven: no 8-gram in common
        assertThat(index.match("we ask: charlie delta echo foxtrot golf hotel india, then stop")).isEmpty();
        // eight words of it, but not consecutive there
        assertThat(index.match("alpha bravo charlie delta echo foxtrot golf india")).isEmpty();
    }

    @Test
    void caseAndPunctuationAreIgnored() {
        NGramIndex index = index(8, "Find the number of ordered pairs $(x, y)$ of integers such that x^2 + y^2 = 25.");
        assertThat(index.match("FIND THE NUMBER OF ORDERED PAIRS (x,y) OF INTEGERS")).isPresent();
        assertThat(index.match("pairs (x,y) of integers such that x^2+y^2=25")).isPresent();
        assertThat(index.match("find, the number; of — ordered \"pairs\" x y of...")).isPresent();
        assertThat(index.match("Find the number of unordered pairs (x, y) of integers")).isEmpty();
    }

    @Test
    void whitespaceOfAnyKindSeparatesWords() {
        NGramIndex index = index(8, EVAL);
        assertThat(index.match("alpha\tbravo\ncharlie  delta\r\necho foxtrot\u00a0golf hotel")).isPresent();
    }

    @Test
    void nIsConfigurable() {
        NGramIndex three = index(3, "the quick brown fox jumps");
        assertThat(three.match("a quick brown fox")).isPresent();
        assertThat(three.match("the quick red fox")).isEmpty();
        assertThat(index(13, EVAL).match("zulu " + EVAL)).isEmpty(); // twelve words have no 13-gram
        assertThatThrownBy(() -> new NGramIndex(0)).hasMessageContaining("--ngram must be at least 1");
    }

    @Test
    void aTextShorterThanNIsComparedWhole() {
        NGramIndex index = index(8, "What is 2 + 2?", EVAL);
        assertThat(index.match("what is 2 2")).hasValueSatisfying(m -> assertThat(m.id()).isEqualTo("aime:1"));
        assertThat(index.match("What is 2 + 3?")).isEmpty();
        // a short training text inside a long evaluation text is not an n-gram match
        assertThat(index.match("alpha bravo charlie")).isEmpty();
        // ... and a long evaluation text compared whole when both are short of n
        assertThat(index(13, EVAL).match(EVAL.toUpperCase())).isPresent();
    }

    @Test
    void theFirstEvaluationProblemHoldingTheGramIsNamed() {
        NGramIndex index = new NGramIndex(8);
        index.add("math500", "m:1", EVAL);
        index.add("aime", "a:1", EVAL);
        assertThat(index.match(EVAL)).hasValueSatisfying(m -> assertThat(m.source() + " " + m.id()).isEqualTo("math500 m:1"));
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void wordsAreNormalisedAsDocumented() {
        assertThat(NGramIndex.words("  Hello, World! It's $x^2$ — «ok»  ")).isEqualTo(List.of("hello", "world", "it", "s", "x", "2", "ok"));
        assertThat(NGramIndex.words("Ｆｕｌｌ－ｗｉｄｔｈ １２")).isEqualTo(List.of("full", "width", "12"));
        assertThat(NGramIndex.words("x+y=3,")).isEqualTo(NGramIndex.words("x + y = 3"));
        assertThat(NGramIndex.words("?! ...")).isEmpty();
        assertThat(NGramIndex.normalised("A  b\nC.")).isEqualTo("a b c");
    }
}
