package io.reason4j.text;

import static io.reason4j.text.TinyTokenizerFixture.ENDOFTEXT;
import static io.reason4j.text.TinyTokenizerFixture.HELLO;
import static io.reason4j.text.TinyTokenizerFixture.IM_END;
import static io.reason4j.text.TinyTokenizerFixture.IM_START;
import static io.reason4j.text.TinyTokenizerFixture.SPACE_WORLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    void encodesWithTheMergesOfTheVocabulary() {
        assertThat(tokenizer.encode("hello world")).containsExactly(HELLO, SPACE_WORLD);
        // "hellx": "hell" merges, "x" (120) stays a byte; " a" keeps its space as a byte token (32).
        assertThat(tokenizer.encode("hellx a")).containsExactly(258, 120, 32, 97);
        assertThat(tokenizer.decode(new int[] {HELLO, SPACE_WORLD}, false)).isEqualTo("hello world");
    }

    @Test
    void recognisesSpecialTokensInTextAsSingleIds() {
        String text = "<|im_start|>user\nhello<|im_end|>";
        int[] ids = tokenizer.encode(text);
        assertThat(ids).containsExactly(IM_START, 'u', 's', 'e', 'r', '\n', HELLO, IM_END);
        assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
        assertThat(tokenizer.decode(ids, true)).isEqualTo("user\nhello");
    }

    @Test
    void encodesAnyTextAsBytesAndDecodesItBack() {
        String text = "héllo 数学";
        // é = C3 A9; 数 = E6 95 B0; 学 = E5 AD A6; "ll" merges to 257.
        int[] expected = {'h', 0xC3, 0xA9, 257, 'o', ' ', 0xE6, 0x95, 0xB0, 0xE5, 0xAD, 0xA6};
        assertThat(tokenizer.encode(text)).containsExactly(expected);
        assertThat(tokenizer.decode(expected, false)).isEqualTo(text);
    }

    @Test
    void encodesTextLongerThan512TokensInFull() {
        // DJL truncates to 512 tokens unless told otherwise: "a" then 999 times " a" is 1999 tokens.
        String text = "a" + " a".repeat(999);
        int[] ids = tokenizer.encode(text);
        assertThat(ids).hasSize(1999);
        assertThat(ids[1997]).isEqualTo(' ');
        assertThat(ids[1998]).isEqualTo('a');
        assertThat(tokenizer.encode(text, true)).hasSize(1999);
        assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
    }

    @Test
    void exposesTheVocabularyAndSpecialTokens() {
        assertThat(tokenizer.vocabSize()).isEqualTo(TinyTokenizerFixture.VOCAB_SIZE);
        assertThat(tokenizer.tokenId("<|im_end|>")).hasValue(IM_END);
        assertThat(tokenizer.tokenId("Ġworld")).hasValue(SPACE_WORLD);
        assertThat(tokenizer.tokenId("Ċ")).hasValue('\n');
        assertThat(tokenizer.tokenId("no such token")).isEmpty();
        assertThat(tokenizer.token(HELLO)).isEqualTo("hello");
        assertThat(tokenizer.token(' ')).isEqualTo("Ġ");
        assertThatThrownBy(() -> tokenizer.token(TinyTokenizerFixture.VOCAB_SIZE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tokenizer.specialTokenIds()).containsExactlyInAnyOrder(ENDOFTEXT, IM_START, IM_END);
        assertThat(tokenizer.eosToken()).hasValue("<|im_end|>");
        assertThat(tokenizer.eosTokenId()).hasValue(IM_END);
        assertThat(tokenizer.bosToken()).isEmpty();
        assertThat(tokenizer.bosTokenId()).isEmpty();
    }

    @Test
    void rendersAndEncodesAConversationWithItsChatTemplate() {
        String prompt = tokenizer.chatTemplate().orElseThrow()
                .render(List.of(ChatMessage.user("hello")), true);
        assertThat(prompt).isEqualTo("<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n");
        assertThat(tokenizer.encode(prompt)).containsExactly(
                IM_START, 'u', 's', 'e', 'r', '\n', HELLO, IM_END, '\n',
                IM_START, 'a', 's', 's', 'i', 's', 't', 'a', 'n', 't', '\n');
    }

    @Test
    void encodesAndDecodesFromSeveralThreads() throws Exception {
        String text = "hello world, 数学 and é! ".repeat(100);
        int[] expected = tokenizer.encode(text);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 16; task++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        if (!Arrays.equals(tokenizer.encode(text), expected) || !tokenizer.decode(expected, false).equals(text)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsIdsOutsideTheVocabulary() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {1, 100_000}, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100000");
    }

    @Test
    void addsBosWhenTheConfigSaysSo(@TempDir Path dir) throws IOException {
        try (Tokenizer t = withConfig(dir, config -> {
            config.set("bos_token", JSON.createObjectNode().put("content", "<|endoftext|>").put("special", true));
            config.put("add_bos_token", true);
        })) {
            assertThat(t.bosTokenId()).hasValue(ENDOFTEXT);
            assertThat(t.encode("hello", true)).containsExactly(ENDOFTEXT, HELLO);
            assertThat(t.encode("hello")).containsExactly(HELLO);
        }
    }

    @Test
    void picksTheDefaultOfNamedChatTemplates(@TempDir Path dir) throws IOException {
        try (Tokenizer t = withConfig(dir, config -> config.set("chat_template", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("name", "tool_use").put("template", "tools"))
                .add(JSON.createObjectNode().put("name", "default").put("template", "{{ eos_token }}"))))) {
            assertThat(t.chatTemplate().orElseThrow().render(List.of(), false)).isEqualTo("<|im_end|>");
        }
    }

    @Test
    void hasNoChatTemplateWhenNoneOfTheNamedOnesIsTheDefault(@TempDir Path dir) throws IOException {
        try (Tokenizer t = withConfig(dir, config -> config.set("chat_template", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("name", "tool_use").put("template", "tools"))))) {
            assertThat(t.chatTemplate()).isEmpty();
        }
    }

    @Test
    void prefersChatTemplateJinjaOverTheConfig(@TempDir Path dir) throws IOException {
        TinyTokenizerFixture.write(dir);
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ messages[0].content }}!");
        try (Tokenizer t = Tokenizer.load(dir)) {
            assertThat(t.chatTemplate().orElseThrow().render(List.of(ChatMessage.user("hi")), false))
                    .isEqualTo("hi!");
        }
    }

    @Test
    void worksWithoutTokenizerConfig(@TempDir Path dir) throws IOException {
        TinyTokenizerFixture.write(dir);
        Files.delete(dir.resolve("tokenizer_config.json"));
        try (Tokenizer t = Tokenizer.load(dir)) {
            assertThat(t.encode("hello")).containsExactly(HELLO);
            assertThat(t.chatTemplate()).isEmpty();
            assertThat(t.eosTokenId()).isEmpty();
            // Special added tokens of tokenizer.json are special even without a config.
            assertThat(t.specialTokenIds()).containsExactlyInAnyOrder(ENDOFTEXT, IM_START, IM_END);
        }
    }

    @Test
    void explainsAMissingTokenizerJson(@TempDir Path dir) {
        assertThatThrownBy(() -> Tokenizer.load(dir))
                .isInstanceOf(TextFormatException.class)
                .hasMessageContaining("no tokenizer.json in " + dir);
    }

    @Test
    void explainsMalformedJsonWithFileAndLine(@TempDir Path dir) throws IOException {
        TinyTokenizerFixture.write(dir);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\n  \"eos_token\": \"<|im_end|>\",\n  oops\n}");
        assertThatThrownBy(() -> Tokenizer.load(dir))
                .isInstanceOf(TextFormatException.class)
                .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void explainsASpecialTokenThatIsNotInTheVocabulary(@TempDir Path dir) {
        assertThatThrownBy(() -> withConfig(dir, config -> config.put("eos_token", "</s>")))
                .isInstanceOf(TextFormatException.class)
                .hasMessageContaining("tokenizer_config.json: eos_token \"</s>\" is not in the vocabulary");
    }

    @Test
    void explainsATokenizerJsonTheLibraryRejects(@TempDir Path dir) throws IOException {
        TinyTokenizerFixture.write(dir);
        ObjectNode json = TinyTokenizerFixture.tokenizerJson();
        ((ObjectNode) json.get("model")).put("type", "NoSuchModel");
        JSON.writeValue(dir.resolve("tokenizer.json").toFile(), json);
        assertThatThrownBy(() -> Tokenizer.load(dir))
                .isInstanceOf(TextFormatException.class)
                .hasMessageContaining("tokenizer.json");
    }

    private static Tokenizer withConfig(Path dir, Consumer<ObjectNode> change) throws IOException {
        TinyTokenizerFixture.write(dir);
        ObjectNode config = TinyTokenizerFixture.tokenizerConfig();
        change.accept(config);
        JSON.writeValue(dir.resolve("tokenizer_config.json").toFile(), config);
        return Tokenizer.load(dir);
    }
}
