package io.reason4j.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * A response written by hand as pieces of text: what the policy sampled (mask 1) and what the
 * system inserted (mask 0), token by token through the byte-level test tokenizer.
 */
final class ExpectedResponse {
    private final List<Integer> ids = new ArrayList<>();
    private final List<Integer> mask = new ArrayList<>();

    ExpectedResponse sampled(String text) {
        return add(TinyTokenizer.ids(text), 1);
    }

    ExpectedResponse sampledEos() {
        return add(new int[] {TinyTokenizer.EOS}, 1);
    }

    ExpectedResponse inserted(String text) {
        return add(TinyTokenizer.ids(text), 0);
    }

    private ExpectedResponse add(int[] tokens, int m) {
        for (int t : tokens) {
            ids.add(t);
            mask.add(m);
        }
        return this;
    }

    int length() {
        return ids.size();
    }

    /** Tokens and mask as written; log-probs 0 where inserted, and the scripted engine's value where sampled. */
    void assertMatches(Trajectory t, boolean scriptInOrder) {
        assertThat(TinyTokenizer.TOKENIZER.decode(t.responseIds(), false))
                .isEqualTo(TinyTokenizer.TOKENIZER.decode(ScriptedEngine.ints(ids), false));
        assertThat(t.responseIds()).isEqualTo(ScriptedEngine.ints(ids));
        assertThat(t.lossMask()).isEqualTo(ScriptedEngine.ints(mask));
        int j = 0;
        for (int i = 0; i < ids.size(); i++) {
            if (mask.get(i) == 0) {
                assertThat(t.logprobs()[i]).as("log-prob of inserted token %d", i).isZero();
            } else {
                assertThat(t.logprobs()[i]).as("log-prob of sampled token %d", i).isNegative();
                if (scriptInOrder) assertThat(t.logprobs()[i]).isEqualTo(-(j + 1) / 100f);
                j++;
            }
        }
    }
}
