package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each reward component against values worked out by hand from its formula. */
class RewardComponentsTest {
    static final MathVerifier VERIFIER = MathVerifier.withDefaults();

    static ComponentScore score(RewardComponent c, String response, String reference, int tokens) {
        return c.score(new RewardContext(new RewardSample("What is 2+3?", response, reference, tokens)));
    }

    @Test
    void accuracyIsPlusMinusOneOrOneZero() {
        assertThat(score(AccuracyReward.plusMinusOne(VERIFIER), "so \\boxed{5}", "5", 10).value()).isEqualTo(1.0);
        assertThat(score(AccuracyReward.plusMinusOne(VERIFIER), "so \\boxed{6}", "5", 10).value()).isEqualTo(-1.0);
        assertThat(score(AccuracyReward.zeroOne(VERIFIER), "so \\boxed{6}", "5", 10).value()).isEqualTo(0.0);
        ComponentScore s = score(AccuracyReward.zeroOne(VERIFIER), "so \\boxed{\\frac{10}{2}}", "5", 10);
        assertThat(s.explanation()).contains("'5'").contains("'\\frac{10}{2}'").contains("equivalent");
    }

    @Test
    void formatNeedsEachTagOnceAndInOrder() {
        FormatReward f = FormatReward.thinkThenAnswer();
        assertThat(score(f, "<think>2+3</think> The answer is 5.", "5", 1).value()).isEqualTo(1.0);
        assertThat(score(f, "<think>2+3</think>  ", "5", 1).explanation()).isEqualTo("nothing after </think>");
        assertThat(score(f, "<think>a</think><think>b</think> 5", "5", 1).explanation()).isEqualTo("<think> appears more than once");
        assertThat(score(f, "</think> x <think> 5", "5", 1).explanation()).isEqualTo("</think> is out of order");
        assertThat(score(f, "5", "5", 1).value()).isEqualTo(0.0);
        FormatReward tags = FormatReward.thinkAndAnswerTags();
        assertThat(score(tags, "<think>x</think><answer>5</answer>", "5", 1).value()).isEqualTo(1.0);
        assertThat(score(tags, "<think>x</think><answer>5", "5", 1).explanation()).isEqualTo("missing </answer>");
    }

    @Test
    void overlongPunishmentFollowsDapo() {
        OverlongPunishment p = new OverlongPunishment(100, 20);
        assertThat(p.value(0)).isEqualTo(0.0);
        assertThat(p.value(80)).isEqualTo(0.0);
        assertThat(p.value(90)).isEqualTo(-0.5);
        assertThat(p.value(95)).isEqualTo(-0.75);
        assertThat(p.value(100)).isEqualTo(-1.0);
        assertThat(p.value(5000)).isEqualTo(-1.0);
        assertThat(OverlongPunishment.dapo().value(16384)).isEqualTo(0.0);
        assertThat(OverlongPunishment.dapo().value(18432)).isEqualTo(-0.5);
        assertThatThrownBy(() -> new OverlongPunishment(10, 20)).hasMessageContaining("cacheLength");
    }

    @Test
    void cosineLengthRewardPrefersShortRightAndLongWrong() {
        CosineLengthReward c = CosineLengthReward.trlDefaults(VERIFIER);
        assertThat(c.value(true, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(c.value(true, 500)).isCloseTo(0.75, within(1e-12));
        assertThat(c.value(true, 1000)).isCloseTo(0.5, within(1e-12));
        assertThat(c.value(true, 3000)).isCloseTo(0.5, within(1e-12));
        assertThat(c.value(false, 0)).isCloseTo(-1.0, within(1e-12));
        assertThat(c.value(false, 500)).isCloseTo(-0.75, within(1e-12));
        assertThat(c.value(false, 1000)).isCloseTo(-0.5, within(1e-12));
        assertThat(score(c, "\\boxed{5}", "5", 500).value()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void repetitionPenaltyCountsRepeatedNgrams() {
        RepetitionPenalty r = RepetitionPenalty.defaults();
        assertThat(r.value("a b c a b c")).isCloseTo(-0.25, within(1e-12));
        assertThat(r.value("one two three four")).isEqualTo(0.0);
        assertThat(r.value("a b")).isEqualTo(0.0);
        assertThat(r.value("x x x x x x")).isCloseTo(-0.75, within(1e-12));
        assertThatThrownBy(() -> new RepetitionPenalty(3, 0.5)).hasMessageContaining("<= 0");
    }
}
