package io.reason4j.rollout;

import io.reason4j.text.Tokenizer;

/**
 * A response as text, twice: all of it, and the policy's own words alone. Rewards judge the second
 * (verification.md, "Reward hacking"): everything the rollout inserted (tool output and its markers
 * in every tool format, chat turns, budget-forcing strings) is cut out by the trajectory's own record
 * of it, its loss mask, rather than found again by each format's tags, so no present or future
 * format can put words in the policy's mouth.
 *
 * @param full        every response token decoded, special tokens dropped (what a person reads)
 * @param policyWords only the tokens the policy sampled, each run of inserted tokens replaced by a
 *                    line break (so the words on either side of a tool call never join)
 * @param tokens      the response's length in tokens, inserted ones included (for length rewards)
 */
public record ResponseText(String full, String policyWords, int tokens) {

    public static ResponseText of(Trajectory t, Tokenizer tokenizer) {
        int[] ids = t.responseIds();
        StringBuilder own = new StringBuilder();
        for (Trajectory.Run run : t.runs()) {
            if (run.sampled()) own.append(tokenizer.decode(ids, run.from(), run.to(), true));
            else own.append('\n');
        }
        return new ResponseText(tokenizer.decode(ids, true), own.toString(), ids.length);
    }

    /** A response that the policy wrote all of (no tool calls, no forced text). */
    public static ResponseText plain(String text, int tokens) {
        return new ResponseText(text, text, tokens);
    }
}
