package io.reason4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import io.reason4j.reward.VerifierSettings;

import io.reason4j.eval.MajorityVote.Ballot;
import java.util.List;
import org.junit.jupiter.api.Test;

class MajorityVoteTest {

    @Test
    void equivalentAnswersAreOneVote() {
        // 0.5, \frac{1}{2} and 1/2 are one answer with three votes; 3 has two.
        List<Ballot> ballots = List.of(new Ballot("3", false), new Ballot("0.5", true), new Ballot("3", false),
                new Ballot("\\frac{1}{2}", true), new Ballot("1/2", true));
        MajorityVote.Outcome o = MajorityVote.of(ballots, 5, new ProblemVerifiers(VerifierSettings.lenient())::sameAnswer);
        assertThat(o.answer()).isEqualTo("0.5");
        assertThat(o.votes()).isEqualTo(3);
        assertThat(o.correct()).isTrue();
        // by strings alone, 3 would win
        assertThat(MajorityVote.of(ballots, 5, (a, b) -> false).answer()).isEqualTo("3");
    }

    @Test
    void onlyTheFirstKVoteAndTiesGoToTheFirstAnswer() {
        List<Ballot> ballots = List.of(new Ballot("7", false), new Ballot("8", true), new Ballot("8", true), new Ballot("8", true));
        assertThat(MajorityVote.of(ballots, 2, String::equals).answer()).isEqualTo("7"); // 1–1 tie: the first
        assertThat(MajorityVote.of(ballots, 2, String::equals).correct()).isFalse();
        assertThat(MajorityVote.of(ballots, 3, String::equals).answer()).isEqualTo("8");
        assertThat(MajorityVote.of(ballots, 3, String::equals).correct()).isTrue();
    }

    @Test
    void samplesWithoutAnAnswerDoNotVote() {
        List<Ballot> ballots = List.of(new Ballot(null, false), new Ballot(null, false), new Ballot("4", true));
        assertThat(MajorityVote.of(ballots, 3, String::equals).answer()).isEqualTo("4");
        assertThat(MajorityVote.of(ballots, 3, String::equals).correct()).isTrue();
        MajorityVote.Outcome none = MajorityVote.of(ballots, 2, String::equals);
        assertThat(none.answer()).isNull();
        assertThat(none.correct()).isFalse();
    }
}
