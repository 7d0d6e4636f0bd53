package io.reason4j.rollout;

import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.text.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The byte-level test tokenizer (TinyTokenizerFixture), loaded once: a byte is a token, so expectations are easy to write. */
final class TinyTokenizer {
    static final Tokenizer TOKENIZER = load();
    static final int EOS = TinyTokenizerFixture.IM_END;

    private TinyTokenizer() {}

    private static Tokenizer load() {
        try {
            return Tokenizer.load(TinyTokenizerFixture.write(Files.createTempDirectory("rollout-tokenizer")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ids(String text) {
        return TOKENIZER.encode(text, false);
    }
}
