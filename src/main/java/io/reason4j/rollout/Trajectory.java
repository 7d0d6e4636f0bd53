package io.reason4j.rollout;

import java.util.List;

/**
 * One rollout, as every algorithm after it trains on it: the prompt, the response as one token
 * sequence (the model's text, tool calls, interpreter output, forced tokens), and per response token
 * the loss mask and the behaviour log-probability.
 *
 * @param groupId        the prompt group it belongs to (GRPO-style estimators normalise within a group)
 * @param promptIds      the prompt's tokens
 * @param responseIds    everything after the prompt
 * @param lossMask       per response token: 1 = sampled by the policy; 0 = inserted by the system (tool
 *                       output and its markers, forced end-of-thinking, extension strings). ReTool:
 *                       tool output gets no policy-gradient, KL, entropy or SFT loss
 * @param logprobs       per response token: the behaviour log-probability of a sampled token under the
 *                       sampling temperature, 0 where the mask is 0
 * @param toolCalls      the calls in order
 * @param finishReason   why it ended
 * @param thinkingTokens tokens the model sampled before its thinking ended (0 without budget forcing)
 * @param extensions     times the end of thinking was suppressed and the extension string appended
 */
public record Trajectory(long groupId, int[] promptIds, int[] responseIds, int[] lossMask, float[] logprobs,
                         List<ToolCallRecord> toolCalls, RolloutFinish finishReason, int thinkingTokens,
                         int extensions) {

    public Trajectory {
        if (lossMask.length != responseIds.length || logprobs.length != responseIds.length) {
            throw new IllegalArgumentException("loss mask (" + lossMask.length + ") and log-probs (" + logprobs.length
                    + ") must align with the " + responseIds.length + " response tokens");
        }
        toolCalls = List.copyOf(toolCalls);
    }

    /** Prompt and response, the sequence a trainer scores. */
    public int[] allIds() {
        int[] all = java.util.Arrays.copyOf(promptIds, promptIds.length + responseIds.length);
        System.arraycopy(responseIds, 0, all, promptIds.length, responseIds.length);
        return all;
    }

    /** A maximal run [from, to) of response tokens that the policy sampled, or that the system inserted. */
    public record Run(int from, int to, boolean sampled) {}

    /**
     * The response as runs of sampled (mask 1) and inserted (mask 0) tokens, in order. A run ends
     * where the rollout inserted text, which it tokenized on its own, so no token straddles two runs.
     */
    public List<Run> runs() {
        List<Run> runs = new java.util.ArrayList<>();
        for (int from = 0; from < lossMask.length; ) {
            int to = from;
            while (to < lossMask.length && lossMask[to] == lossMask[from]) to++;
            runs.add(new Run(from, to, lossMask[from] == 1));
            from = to;
        }
        return runs;
    }

    /** Response tokens the policy sampled (mask 1). */
    public int policyTokens() {
        int n = 0;
        for (int m : lossMask) n += m;
        return n;
    }
}
