package io.reason4j.text;

import static io.reason4j.text.TinyTokenizerFixture.HELLO;
import static io.reason4j.text.TinyTokenizerFixture.IM_END;
import static io.reason4j.text.TinyTokenizerFixture.IM_START;
import static io.reason4j.text.TinyTokenizerFixture.SPACE_WORLD;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalDecoderTest {

    @TempDir
    static Path dir;
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(TinyTokenizerFixture.write(dir));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static List<String> pieces(IncrementalDecoder decoder, int... ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            out.add(decoder.add(id));
        }
        return out;
    }

    @Test
    void returnsEachTokensTextAsItArrives() {
        IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, false);
        assertThat(pieces(decoder, HELLO, SPACE_WORLD, '!')).containsExactly("hello", " world", "!");
        assertThat(decoder.flush()).isEmpty();
        assertThat(decoder.size()).isEqualTo(3);
    }

    @Test
    void holdsBackBytesOfAnIncompleteCharacter() {
        IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, false);
        // "héllo 数学" byte by byte: é is C3 A9, 数 is E6 95 B0, 学 is E5 AD A6.
        List<String> pieces = pieces(decoder, 'h', 0xC3, 0xA9, 257, 'o', ' ', 0xE6, 0x95, 0xB0, 0xE5, 0xAD, 0xA6);
        assertThat(pieces).containsExactly("h", "", "é", "ll", "o", " ", "", "", "数", "", "", "学");
        assertThat(String.join("", pieces)).isEqualTo("héllo 数学");
    }

    @Test
    void flushReleasesAnIncompleteCharacterAsReplacement() {
        IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, false);
        assertThat(pieces(decoder, 'h', 0xE6, 0x95)).containsExactly("h", "", "");
        assertThat(decoder.flush()).isEqualTo("\uFFFD");
        assertThat(decoder.flush()).isEmpty();
    }

    @Test
    void stopsHoldingBackBytesThatCannotBecomeACharacter() {
        IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, false);
        // Lone continuation bytes are invalid UTF-8 whatever follows: they come out after a bound.
        String text = String.join("", pieces(decoder, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 'a'));
        assertThat(text).contains("\uFFFD").endsWith("a");
    }

    @Test
    void skipsSpecialTokensWhenAsked() {
        IncrementalDecoder skipping = new IncrementalDecoder(tokenizer, true);
        assertThat(pieces(skipping, IM_START, HELLO, IM_END)).containsExactly("", "hello", "");
        IncrementalDecoder keeping = new IncrementalDecoder(tokenizer, false);
        assertThat(pieces(keeping, IM_START, HELLO, IM_END)).containsExactly("<|im_start|>", "hello", "<|im_end|>");
    }

    @Test
    void decodesALongSequenceLikeTheWholeDecode() {
        int[] ids = tokenizer.encode("hello world, 数学 and é! ".repeat(50));
        IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, false);
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(decoder.add(id));
        }
        text.append(decoder.flush());
        assertThat(text.toString()).isEqualTo(tokenizer.decode(ids, false));
    }
}
