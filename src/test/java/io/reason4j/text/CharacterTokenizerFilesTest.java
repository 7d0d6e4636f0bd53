package io.reason4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The character-level tokenizer, loaded through the tokenizers library as any model's would be. */
class CharacterTokenizerFilesTest {

    @TempDir
    static Path dir;
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(CharacterTokenizerFiles.write(dir));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static String roundTrip(String text) {
        return tokenizer.decode(tokenizer.encode(text), false);
    }

    @Test
    void everyPrintableCharacterIsOneTokenAndDecodesBackExactly() {
        StringBuilder all = new StringBuilder("\t\n");
        for (char c = ' '; c <= '~'; c++) all.append(c);
        int[] ids = tokenizer.encode(all.toString());
        assertThat(ids).hasSize(all.length());
        for (int i = 0; i < ids.length; i++) assertThat(ids[i]).isEqualTo(CharacterTokenizerFiles.charId(all.charAt(i)));
        assertThat(tokenizer.decode(ids, false)).isEqualTo(all.toString());
        assertThat(tokenizer.vocabSize()).isEqualTo(CharacterTokenizerFiles.VOCAB_SIZE).isEqualTo(105);
    }

    @Test
    void tracesRoundTripWithSpacesNewlinesBackslashesAndBraces() {
        List<String> texts = List.of(
                "347*28 = 9716\n9716-1923 = 7793\nThe answer is \\boxed{7793}.",
                "<code>\nprint(347*28)\n</code><interpreter>\n9716\n</interpreter>\nThe answer is \\boxed{9716}.",
                "  two  spaces,\ttab, trailing space \n\n",
                "{\"numbers\": [3, 7], \"target\": 21}",
                "x</code>y<code><code>");
        for (String text : texts) assertThat(roundTrip(text)).isEqualTo(text);
    }

    @Test
    void markersAreSingleTokensThatDecodingKeeps() {
        for (int i = 0; i < CharacterTokenizerFiles.MARKERS.size(); i++) {
            String marker = CharacterTokenizerFiles.MARKERS.get(i);
            assertThat(tokenizer.encode(marker)).containsExactly(CharacterTokenizerFiles.FIRST_MARKER_ID + i);
            assertThat(tokenizer.tokenId(marker)).hasValue(CharacterTokenizerFiles.FIRST_MARKER_ID + i);
            assertThat(tokenizer.specialTokenIds()).doesNotContain(CharacterTokenizerFiles.FIRST_MARKER_ID + i);
        }
        int[] ids = tokenizer.encode("a</code>b");
        assertThat(ids).containsExactly(CharacterTokenizerFiles.charId('a'), CharacterTokenizerFiles.FIRST_MARKER_ID + 1,
                CharacterTokenizerFiles.charId('b'));
        assertThat(tokenizer.decode(ids, true)).isEqualTo("a</code>b");
    }

    @Test
    void specialTokensAndUnknownCharacters() {
        assertThat(tokenizer.eosTokenId()).hasValue(CharacterTokenizerFiles.IM_END_ID);
        assertThat(tokenizer.tokenId("<|endoftext|>")).hasValue(CharacterTokenizerFiles.ENDOFTEXT_ID);
        assertThat(tokenizer.encode("<|im_start|>")).containsExactly(CharacterTokenizerFiles.IM_START_ID);
        // One <unk> per character outside the alphabet, so "é" and "数学" keep their lengths in tokens.
        assertThat(tokenizer.encode("é数学a")).containsExactly(0, 0, 0, CharacterTokenizerFiles.charId('a'));
        assertThat(tokenizer.decode(tokenizer.encode("é"), false)).isEqualTo("<unk>");
        assertThat(tokenizer.decode(tokenizer.encode("éa<|im_end|>"), true)).isEqualTo("a");
    }

    @Test
    void chatTemplateRendersChatMl() {
        ChatTemplate template = tokenizer.chatTemplate().orElseThrow();
        String text = template.render(List.of(ChatMessage.user("Compute 2+3."), ChatMessage.assistant("5")), false);
        assertThat(text).isEqualTo("<|im_start|>user\nCompute 2+3.<|im_end|>\n<|im_start|>assistant\n5<|im_end|>\n");
        assertThat(template.render(List.of(ChatMessage.user("Hi")), true)).isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
        assertThat(roundTrip(text)).isEqualTo(text);
        assertThat(tokenizer.encode(text)[0]).isEqualTo(CharacterTokenizerFiles.IM_START_ID);
    }

    @Test
    void incrementalDecodingGivesEachTokensTextAsItComes() {
        String text = "<code>\nprint(3 * 4)\n</code><interpreter>\n12\n</interpreter>\n\\boxed{12}<|im_end|>";
        IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, false);
        StringBuilder out = new StringBuilder();
        int[] ids = tokenizer.encode(text);
        for (int id : ids) {
            String piece = decoder.add(id);
            assertThat(piece).isEqualTo(tokenizer.decode(new int[] {id}, false));
            out.append(piece);
        }
        out.append(decoder.flush());
        assertThat(out.toString()).isEqualTo(text);
    }
}
