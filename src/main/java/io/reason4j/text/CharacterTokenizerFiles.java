package io.reason4j.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a character-level Hugging Face tokenizer (tokenizer.json and tokenizer_config.json) for tiny
 * models trained from scratch, where a BPE vocabulary of thousands of tokens would be most of the
 * parameters and most of its rows would never be trained.
 *
 * <p>Ids, fixed so that a model and its data stay compatible across runs:
 * <ul>
 *   <li>0 {@code <unk>}: any character not listed below (one per character);</li>
 *   <li>1 tab, 2 newline, 3..97 the printable ASCII characters {@code ' '} (3) to {@code '~'} (97),
 *       in code order: id = code - 29;</li>
 *   <li>98 {@code <|endoftext|>} (pad), 99 {@code <|im_start|>}, 100 {@code <|im_end|>} (eos):
 *       special, as in Qwen's ChatML;</li>
 *   <li>101..104 ReTool's markers {@code <code>}, {@code </code>}, {@code <interpreter>},
 *       {@code </interpreter>}: one token each, so a call's end is one sampling step and the rollout's
 *       stop string is one token; not special, so decoding with special tokens skipped keeps them.</li>
 * </ul>
 *
 * <p>The model is BPE without merges and without a pre-tokenizer: every character of the text is
 * its own token. The decoder is {@code Fuse}, which joins tokens as they are; without a decoder the
 * tokenizers library joins tokens with spaces ("a b" would decode as "a   b").
 */
public final class CharacterTokenizerFiles {

    public static final String UNK = "<unk>";
    public static final String ENDOFTEXT = "<|endoftext|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";
    /** ReTool's code and interpreter markers (rollout.InlineToolFormat.XML), one token each. */
    public static final List<String> MARKERS = List.of("<code>", "</code>", "<interpreter>", "</interpreter>");

    public static final int UNK_ID = 0;
    public static final int FIRST_PRINTABLE_ID = 3;
    public static final int ENDOFTEXT_ID = FIRST_PRINTABLE_ID + ('~' - ' ' + 1);
    public static final int IM_START_ID = ENDOFTEXT_ID + 1;
    public static final int IM_END_ID = ENDOFTEXT_ID + 2;
    public static final int FIRST_MARKER_ID = ENDOFTEXT_ID + 3;
    /** The number of ids: what a model trained on this tokenizer needs as its vocabulary size ({@code --vocab}). */
    public static final int VOCAB_SIZE = FIRST_MARKER_ID + MARKERS.size();

    /** ChatML as Qwen writes it, without Qwen's default system message (a tiny model's context is short). */
    public static final String CHAT_TEMPLATE = """
            {%- for message in messages %}
                {{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|im_start|>assistant\\n' }}
            {%- endif %}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private CharacterTokenizerFiles() {
    }

    /** The number of ids (see {@link #VOCAB_SIZE}). */
    public static int vocabSize() {
        return VOCAB_SIZE;
    }

    /** The id of a character that has one of its own (tab, newline, printable ASCII), else {@link #UNK_ID}. */
    public static int charId(char c) {
        if (c == '\t') return 1;
        if (c == '\n') return 2;
        if (c >= ' ' && c <= '~') return FIRST_PRINTABLE_ID + (c - ' ');
        return UNK_ID;
    }

    /**
     * Writes tokenizer.json and tokenizer_config.json into {@code dir} (created if needed; existing
     * files replaced, each all at once) and returns {@code dir}, ready for {@link Tokenizer#load}.
     */
    public static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            writeReplacing(dir.resolve("tokenizer.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tokenizerJson()));
            writeReplacing(dir.resolve("tokenizer_config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tokenizerConfig()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the character tokenizer into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** The characters with ids 1..97, in id order. */
    static List<String> characters() {
        List<String> chars = new ArrayList<>(List.of("\t", "\n"));
        for (char c = ' '; c <= '~'; c++) chars.add(String.valueOf(c));
        return chars;
    }

    static ObjectNode tokenizerJson() {
        ObjectNode vocab = JSON.createObjectNode();
        vocab.put(UNK, UNK_ID);
        List<String> chars = characters();
        for (int i = 0; i < chars.size(); i++) vocab.put(chars.get(i), i + 1);

        ObjectNode model = JSON.createObjectNode();
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", UNK);
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        // One <unk> per unknown character, so that positions still line up with the text.
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.set("vocab", vocab);
        model.set("merges", JSON.createArrayNode());

        ArrayNode added = JSON.createArrayNode();
        // <unk> is in the vocabulary (the BPE model needs it there) and an added special token, so
        // that decoding with special tokens skipped drops it in the tokenizers library as here.
        addToken(added, UNK_ID, UNK, true);
        addToken(added, ENDOFTEXT_ID, ENDOFTEXT, true);
        addToken(added, IM_START_ID, IM_START, true);
        addToken(added, IM_END_ID, IM_END, true);
        for (int i = 0; i < MARKERS.size(); i++) addToken(added, FIRST_MARKER_ID + i, MARKERS.get(i), false);

        ObjectNode decoder = JSON.createObjectNode();
        decoder.put("type", "Fuse");

        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.set("added_tokens", added);
        root.putNull("normalizer");
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        root.set("decoder", decoder);
        root.set("model", model);
        return root;
    }

    static ObjectNode tokenizerConfig() {
        ObjectNode decoder = JSON.createObjectNode();
        decoder.set(Integer.toString(UNK_ID), addedTokenDecoder(UNK, true));
        decoder.set(Integer.toString(ENDOFTEXT_ID), addedTokenDecoder(ENDOFTEXT, true));
        decoder.set(Integer.toString(IM_START_ID), addedTokenDecoder(IM_START, true));
        decoder.set(Integer.toString(IM_END_ID), addedTokenDecoder(IM_END, true));
        for (int i = 0; i < MARKERS.size(); i++) decoder.set(Integer.toString(FIRST_MARKER_ID + i), addedTokenDecoder(MARKERS.get(i), false));

        ObjectNode config = JSON.createObjectNode();
        config.put("add_bos_token", false);
        config.set("added_tokens_decoder", decoder);
        config.putNull("bos_token");
        config.put("eos_token", IM_END);
        config.put("pad_token", ENDOFTEXT);
        config.put("unk_token", UNK);
        config.put("chat_template", CHAT_TEMPLATE);
        config.put("clean_up_tokenization_spaces", false);
        config.put("model_max_length", 32768);
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        return config;
    }

    private static void addToken(ArrayNode added, int id, String content, boolean special) {
        ObjectNode token = added.addObject();
        token.put("id", id);
        token.put("content", content);
        token.put("single_word", false);
        token.put("lstrip", false);
        token.put("rstrip", false);
        token.put("normalized", false);
        token.put("special", special);
    }

    private static ObjectNode addedTokenDecoder(String content, boolean special) {
        ObjectNode token = JSON.createObjectNode();
        token.put("content", content);
        token.put("lstrip", false);
        token.put("normalized", false);
        token.put("rstrip", false);
        token.put("single_word", false);
        token.put("special", special);
        return token;
    }

    /** Replaces a file all at once, so a model directory never holds half a tokenizer. */
    private static void writeReplacing(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
