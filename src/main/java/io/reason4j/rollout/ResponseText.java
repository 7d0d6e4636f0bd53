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
 *                    line break (so the words on either side of a tool call never join); special
 *                    tokens the policy sampled are kept as text (a turn it invents, such as
 *                    {@code <|im_start|>tool}, stays recognisable as one), except the final stop token
 * @param tokens      the response's length in tokens, inserted ones included (for length rewards)
 */
public record ResponseText(String full, String policyWords, int tokens) {

    public static ResponseText of(Trajectory t, Tokenizer tokenizer) {
        int[] ids = t.responseIds();
        int end = ids.length;
        if (end > 0 && t.lossMask()[end - 1] == 1 && tokenizer.specialTokenIds().contains(ids[end - 1])) end--;
        StringBuilder own = new StringBuilder();
        for (Trajectory.Run run : t.runs()) {
            if (!run.sampled()) own.append('\n');
            else if (run.from() < end) own.append(tokenizer.decode(ids, run.from(), Math.min(run.to(), end), false));
        }
        return new ResponseText(tokenizer.decode(ids, true), own.toString(), ids.length);
    }

    /** A response that the policy wrote all of (no tool calls, no forced text). */
    public static ResponseText plain(String text, int tokens) {
        return new ResponseText(text, text, tokens);
    }
}
