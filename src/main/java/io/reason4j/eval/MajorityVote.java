package io.reason4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * maj@k (also cons@k): the answer most of the first {@code k} samples agree on, where two answers
 * agree when the verifier finds them equivalent ({@code 0.5}, {@code \frac{1}{2}} and {@code 1/2}
 * are one vote), not when their strings match. A sample without an extracted answer does not vote.
 * Ties go to the answer that appeared first, as lighteval's {@code Counter.most_common} does. The
 * vote is correct when the winning answer's samples are correct (equivalent answers share a verdict).
 */
public final class MajorityVote {
    private MajorityVote() {}

    /** One sample's say: its extracted answer (null: none) and whether the verifier accepted it. */
    public record Ballot(String answer, boolean correct) {}

    /** The winning answer of the first {@code k} ballots and whether it is correct; null answer when none voted. */
    public record Outcome(String answer, int votes, boolean correct) {}

    public static Outcome of(List<Ballot> ballots, int k, BiPredicate<String, String> equivalent) {
        if (k < 1 || k > ballots.size()) throw new IllegalArgumentException("maj@k needs k in [1, " + ballots.size() + "], got " + k);
        List<Ballot> leaders = new ArrayList<>(); // first ballot of each group, in order of appearance
        List<Integer> votes = new ArrayList<>();
        for (Ballot b : ballots.subList(0, k)) {
            if (b.answer() == null) continue;
            int group = -1;
            for (int g = 0; g < leaders.size() && group < 0; g++) {
                String leader = leaders.get(g).answer();
                if (leader.equals(b.answer()) || equivalent.test(leader, b.answer())) group = g;
            }
            if (group < 0) {
                leaders.add(b);
                votes.add(1);
            } else {
                votes.set(group, votes.get(group) + 1);
            }
        }
        int best = -1;
        for (int g = 0; g < leaders.size(); g++) if (best < 0 || votes.get(g) > votes.get(best)) best = g;
        if (best < 0) return new Outcome(null, 0, false);
        return new Outcome(leaders.get(best).answer(), votes.get(best), leaders.get(best).correct());
    }
}
