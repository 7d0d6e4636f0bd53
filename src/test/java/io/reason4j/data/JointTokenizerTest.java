package io.reason4j.data;

import static io.reason4j.text.TinyTokenizerFixture.ENDOFTEXT;
import static io.reason4j.text.TinyTokenizerFixture.HELLO;
import static io.reason4j.text.TinyTokenizerFixture.SPACE_WORLD;
import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JointTokenizerTest {

    @TempDir
    static Path shared;
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(TinyTokenizerFixture.write(shared.resolve("tiny")));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static JointTokenizer.Piece piece(String text, boolean train) {
        return new JointTokenizer.Piece(text, train);
    }

    @Test
    void piecesThatTokenizeAloneAsTogetherKeepTheirOwnTokens() {
        var result = JointTokenizer.tokenize(tokenizer,
                List.of(piece("hello", false), piece(" world", true), piece("", false), piece("!", false)), false);
        assertThat(result.tokens()).containsExactly(HELLO, SPACE_WORLD, '!');
        assertThat(result.trainable()).containsExactly(false, true, false);
        assertThat(result.boundaryMismatches()).isZero();
    }

    @Test
    void tokensThatStraddleABoundaryGoToTheLaterPiece() {
        // "hello world" is [hello, Ġworld]. Alone, "hel" is [he, l] and "hello wor" is [hello, Ġwor]:
        // "hello" straddles the first boundary and goes to "lo"; "Ġworld" straddles the third and goes to "ld".
        var result = JointTokenizer.tokenize(tokenizer,
                List.of(piece("hel", false), piece("lo", true), piece(" wor", false), piece("ld", true)), false);
        assertThat(result.tokens()).containsExactly(HELLO, SPACE_WORLD);
        assertThat(result.trainable()).containsExactly(true, true);
        assertThat(result.boundaryMismatches()).isEqualTo(2);

        var ending = JointTokenizer.tokenize(tokenizer, List.of(piece("hel", true), piece("lo", false)), false);
        assertThat(ending.trainable()).containsExactly(false);
    }

    @Test
    void addedSpecialTokensComeOnceAtTheStart() throws IOException {
        Path model = TinyTokenizerFixture.write(shared.resolve("bos"));
        var config = TinyTokenizerFixture.tokenizerConfig();
        config.put("bos_token", "<|endoftext|>");
        config.put("add_bos_token", true);
        Files.writeString(model.resolve("tokenizer_config.json"), config.toPrettyString());
        try (Tokenizer withBos = Tokenizer.load(model)) {
            var result = JointTokenizer.tokenize(withBos, List.of(piece("a", false), piece("b", true)), true);
            assertThat(result.tokens()).containsExactly(ENDOFTEXT, 'a', 'b');
            assertThat(result.trainable()).containsExactly(false, false, true);
            assertThat(result.boundaryMismatches()).isZero();
        }
    }
}
