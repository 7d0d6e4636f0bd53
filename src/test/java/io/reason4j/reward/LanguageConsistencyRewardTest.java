package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DeepSeek-R1's language consistency: the share of the chain of thought's words in the target language, counted by hand. */
class LanguageConsistencyRewardTest {
    static final LanguageConsistencyReward EN = LanguageConsistencyReward.of("en"), ZH = LanguageConsistencyReward.of("zh");

    @Test
    void theShareOfWordsInTheTargetScriptInsideTheThinkTags() {
        // Latin words: Let, me, think, compute (4); Han characters, each a word: 我, 们 (2); the answer after </think> does not count
        String r = "<think>Let me think 我们 compute 2+3</think> 答案是 5";
        assertThat(EN.value(r)).isEqualTo(4.0 / 6);
        assertThat(ZH.value(r)).isEqualTo(2.0 / 6);
        assertThat(ZH.value("先算二加三，得五。")).isEqualTo(1.0); // no think tags: the whole response
        assertThat(EN.value("<think>Let me")).isEqualTo(1.0); // an unclosed think: all after it
        assertThat(LanguageConsistencyReward.of("ru").value("<think>Давайте add</think>")).isEqualTo(0.5);
        assertThat(EN.value("abcДжк")).isEqualTo(0.5); // a letter run that changes script is two words
        assertThat(LanguageConsistencyReward.of("ja").value("<think>ひらがなとカタカナ漢字</think>")).isEqualTo(1.0);
    }

    @Test
    void aChainOfThoughtWithoutWordsEarnsNothing() {
        assertThat(EN.value("<think>2+3=5</think> \\boxed{5}")).isZero();
        assertThat(EN.value("")).isZero();
    }

    @Test
    void anUnknownLanguageIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> LanguageConsistencyReward.of("xx")).hasMessageContaining("unknown language 'xx'").hasMessageContaining("en, es");
    }
}
