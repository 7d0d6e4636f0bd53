package io.reason4j.reward;

import java.util.List;

/**
 * The format reward: every required tag appears exactly once and in the given order, and (when
 * {@code answerAfterLastTag}) some text follows the last tag — e.g. {@code <think>…</think>} then the
 * answer, the DeepSeek-R1 template. A response that repeats a tag or reorders them earns
 * {@code unmatched}: repeating {@code </think>} is a known way to smuggle reasoning into the answer.
 */
public record FormatReward(List<String> tags, boolean answerAfterLastTag, double matched, double unmatched) implements RewardComponent {
    public static final String NAME = "format";

    public FormatReward {
        if (tags.isEmpty()) throw new IllegalArgumentException("the format reward needs at least one tag");
        tags = List.copyOf(tags);
    }

    /** {@code <think>…</think>} followed by a non-empty answer; 1 if so, else 0. */
    public static FormatReward thinkThenAnswer() {
        return new FormatReward(List.of("<think>", "</think>"), true, 1.0, 0.0);
    }

    /** {@code <think>…</think><answer>…</answer>}, the Open-R1 / TRL format; 1 if so, else 0. */
    public static FormatReward thinkAndAnswerTags() {
        return new FormatReward(List.of("<think>", "</think>", "<answer>", "</answer>"), false, 1.0, 0.0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentScore score(RewardContext context) {
        String problem = problem(context.sample().response());
        return new ComponentScore(NAME, problem == null ? matched : unmatched, problem == null ? "tags " + String.join(" ", tags) + " in order" : problem);
    }

    /** Null when the format holds, else what is wrong with it. */
    private String problem(String response) {
        int previous = -1;
        for (String tag : tags) {
            int first = response.indexOf(tag);
            if (first < 0) return "missing " + tag;
            if (response.indexOf(tag, first + tag.length()) >= 0) return tag + " appears more than once";
            if (first < previous) return tag + " is out of order";
            previous = first;
        }
        String last = tags.getLast();
        if (answerAfterLastTag && response.substring(response.indexOf(last) + last.length()).isBlank()) return "nothing after " + last;
        return null;
    }
}
