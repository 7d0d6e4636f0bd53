package io.reason4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * Expected tokens and trainable flags for the tiny byte-level tokenizer, written by hand: one
 * token per ASCII byte, special tokens by id. Refuses text in which the tokenizer would merge bytes
 * ("he", "ll", "or", "ld", " w"), so that the expectation is right by construction.
 */
final class ExpectedLayout {

    private static final List<String> MERGED = List.of("he", "ll", "or", "ld", " w");

    private final List<Integer> tokens = new ArrayList<>();
    private final List<Boolean> trainable = new ArrayList<>();

    /** Each byte of an ASCII text as one token. */
    ExpectedLayout text(String text, boolean train) {
        for (String pair : MERGED) {
            if (text.contains(pair)) {
                throw new IllegalArgumentException("the tiny tokenizer merges \"" + pair + "\" in " + text);
            }
        }
        for (char c : text.toCharArray()) {
            if (c > 127) {
                throw new IllegalArgumentException("not ASCII: " + text);
            }
            tokens.add((int) c);
            trainable.add(train);
        }
        return this;
    }

    ExpectedLayout token(int id, boolean train) {
        tokens.add(id);
        trainable.add(train);
        return this;
    }

    int[] tokens() {
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    boolean[] trainable() {
        boolean[] out = new boolean[trainable.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = trainable.get(i);
        }
        return out;
    }

    void assertMatches(SftExample example) {
        assertThat(example.tokens()).as("tokens of %s", example.origin()).containsExactly(tokens());
        assertThat(example.trainable()).as("trainable flags of %s", example.origin()).containsExactly(trainable());
    }
}
