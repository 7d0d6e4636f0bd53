package io.reason4j.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny byte-level BPE tokenizer (GPT-2 / Qwen style) into a directory: tokenizer.json and
 * tokenizer_config.json with a ChatML chat template. For tests that need a real tokenizer without
 * downloading one.
 *
 * <p>Ids are easy to work out by hand:
 * <ul>
 *   <li>0..255: one token per byte, id = byte value ("a" is 97, " " is 32, "\n" is 10; é is
 *       bytes C3 A9, so 195, 169);</li>
 *   <li>256..264: merges, so that "hello" is one token (259) and " world" is one token (264);</li>
 *   <li>265 {@code <|endoftext|>}, 266 {@code <|im_start|>}, 267 {@code <|im_end|>}: special.</li>
 * </ul>
 * The pre-tokenizer is GPT-2's: words keep their leading space ("a b" is [97, 32, 98]).
 */
public final class TinyTokenizerFixture {

    public static final int HELLO = 259;
    public static final int SPACE_WORLD = 264;
    public static final int ENDOFTEXT = 265;
    public static final int IM_START = 266;
    public static final int IM_END = 267;
    public static final int VOCAB_SIZE = 268;

    /** Merges in rank order; each makes the token with the next id from 256. */
    private static final String[][] MERGES = {
        {"h", "e"},       // 256 he
        {"l", "l"},       // 257 ll
        {"he", "ll"},     // 258 hell
        {"hell", "o"},    // 259 hello
        {"Ġ", "w"},       // 260 Ġw
        {"o", "r"},       // 261 or
        {"Ġw", "or"},     // 262 Ġwor
        {"l", "d"},       // 263 ld
        {"Ġwor", "ld"},   // 264 Ġworld
    };

    /** ChatML, as Qwen writes it, without Qwen's default system message. */
    public static final String CHAT_TEMPLATE = """
            {%- for message in messages %}
                {{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|im_start|>assistant\\n' }}
            {%- endif %}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyTokenizerFixture() {
    }

    /** Writes tokenizer.json and tokenizer_config.json into dir (created if needed) and returns dir. */
    public static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("tokenizer.json").toFile(), tokenizerJson());
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("tokenizer_config.json").toFile(), tokenizerConfig());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** GPT-2's bytes_to_unicode: printable bytes stand for themselves, the others for 256 + n. */
    public static String byteToken(int b) {
        boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        if (printable) {
            return Character.toString(b);
        }
        int n = 0;
        for (int other = 0; other < b; other++) {
            boolean otherPrintable = (other >= '!' && other <= '~') || (other >= 0xA1 && other <= 0xAC)
                    || (other >= 0xAE && other <= 0xFF);
            if (!otherPrintable) {
                n++;
            }
        }
        return Character.toString(256 + n);
    }

    /** The tokenizer.json that {@link #write} writes, for tests that need a variant of it. */
    public static ObjectNode tokenizerJson() {
        ObjectNode vocab = JSON.createObjectNode();
        for (int b = 0; b < 256; b++) {
            vocab.put(byteToken(b), b);
        }
        ArrayNode merges = JSON.createArrayNode();
        for (int i = 0; i < MERGES.length; i++) {
            vocab.put(MERGES[i][0] + MERGES[i][1], 256 + i);
            merges.add(MERGES[i][0] + " " + MERGES[i][1]);
        }

        ObjectNode model = JSON.createObjectNode();
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.set("vocab", vocab);
        model.set("merges", merges);

        ArrayNode added = JSON.createArrayNode();
        addSpecial(added, ENDOFTEXT, "<|endoftext|>");
        addSpecial(added, IM_START, "<|im_start|>");
        addSpecial(added, IM_END, "<|im_end|>");

        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.set("added_tokens", added);
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(true));
        root.set("post_processor", byteLevel(false));
        root.set("decoder", byteLevel(true));
        root.set("model", model);
        return root;
    }

    /** The tokenizer_config.json that {@link #write} writes, for tests that need a variant of it. */
    public static ObjectNode tokenizerConfig() {
        ObjectNode decoder = JSON.createObjectNode();
        for (int id = ENDOFTEXT; id <= IM_END; id++) {
            ObjectNode token = JSON.createObjectNode();
            token.put("content", id == ENDOFTEXT ? "<|endoftext|>" : id == IM_START ? "<|im_start|>" : "<|im_end|>");
            token.put("special", true);
            decoder.set(Integer.toString(id), token);
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("add_bos_token", false);
        config.set("added_tokens_decoder", decoder);
        config.putNull("bos_token");
        config.put("eos_token", "<|im_end|>");
        config.put("pad_token", "<|endoftext|>");
        config.putNull("unk_token");
        config.put("chat_template", CHAT_TEMPLATE);
        config.put("model_max_length", 32768);
        config.put("tokenizer_class", "Qwen2Tokenizer");
        return config;
    }

    private static void addSpecial(ArrayNode added, int id, String content) {
        ObjectNode token = added.addObject();
        token.put("id", id);
        token.put("content", content);
        token.put("single_word", false);
        token.put("lstrip", false);
        token.put("rstrip", false);
        token.put("normalized", false);
        token.put("special", true);
    }

    private static ObjectNode byteLevel(boolean trimOffsets) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", trimOffsets);
        node.put("use_regex", true);
        return node;
    }
}
