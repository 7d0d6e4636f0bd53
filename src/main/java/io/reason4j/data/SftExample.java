package io.reason4j.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One supervised example: a token sequence and which of its tokens are the model's to learn.
 *
 * <p>{@code trainable[i]} says whether the model is trained to predict token i from the tokens
 * before it: true for a completion's or an assistant turn's tokens, false for the prompt, the
 * template's headers and tool output. {@code trainable[0]} has no effect, since nothing predicts a
 * sequence's first token. When batched, token i-1 gets target {@code tokens[i]} with loss mask
 * {@code trainable[i]}.
 *
 * <p>The arrays are not copied; treat them as read-only.
 *
 * @param tokens    token ids, at least one
 * @param trainable one flag per token
 * @param origin    where the example comes from, e.g. {@code train.jsonl:17}
 */
public record SftExample(int[] tokens, boolean[] trainable, String origin) {

    public SftExample {
        Objects.requireNonNull(origin, "origin");
        if (tokens.length != trainable.length) {
            throw new IllegalArgumentException(origin + ": " + tokens.length + " tokens but " + trainable.length
                    + " trainable flags");
        }
        if (tokens.length == 0) {
            throw new IllegalArgumentException(origin + ": an example needs at least one token");
        }
    }

    public int length() {
        return tokens.length;
    }

    /** How many tokens count in the loss when the example is cut to its first {@code limit} tokens. */
    public int trainableTargets(int limit) {
        int n = 0;
        for (int i = 1; i < Math.min(limit, tokens.length); i++) {
            if (trainable[i]) {
                n++;
            }
        }
        return n;
    }

    /** How many tokens count in the loss. */
    public int trainableTargets() {
        return trainableTargets(tokens.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SftExample other && Arrays.equals(tokens, other.tokens)
                && Arrays.equals(trainable, other.trainable) && origin.equals(other.origin);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(tokens) + Arrays.hashCode(trainable)) + origin.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder mask = new StringBuilder();
        for (boolean t : trainable) {
            mask.append(t ? '1' : '0');
        }
        return "SftExample(" + origin + ", tokens=" + Arrays.toString(tokens) + ", trainable=" + mask + ")";
    }
}
