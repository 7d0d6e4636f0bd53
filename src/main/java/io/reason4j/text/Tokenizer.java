package io.reason4j.text;

import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Hugging Face fast tokenizer (tokenizer.json) with the settings of tokenizer_config.json:
 * special tokens and the chat template.
 *
 * <p>Encoding and decoding run in the Hugging Face {@code tokenizers} library (Rust, through DJL),
 * so ids match transformers exactly. DJL's defaults are made for classifiers (truncate to 512
 * tokens, pad, add special tokens); all three are turned off here, because a language model's
 * prompts and completions must be encoded whole and as they are.
 *
 * <p>The vocabulary ({@link #tokenId}, {@link #token}) is read from tokenizer.json directly, since
 * DJL does not expose it. Encoding and decoding are safe to call from several threads (the Rust
 * tokenizer is not changed once loaded).
 */
public final class Tokenizer implements AutoCloseable {

    static {
        // The native library is inside the DJL jar: never download one, never send telemetry.
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer hf;
    private final Map<String, Integer> idsByToken;
    private final String[] tokensById;
    private final Set<Integer> specialTokenIds;
    private final String bosToken;
    private final String eosToken;
    private final boolean addBosToken;
    private final ChatTemplate chatTemplate;

    private Tokenizer(HuggingFaceTokenizer hf, Map<String, Integer> idsByToken, Set<Integer> specialTokenIds,
                      String bosToken, String eosToken, boolean addBosToken, ChatTemplate chatTemplate) {
        this.hf = hf;
        this.idsByToken = Map.copyOf(idsByToken);
        int size = idsByToken.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.tokensById = new String[size];
        idsByToken.forEach((token, id) -> tokensById[id] = token);
        this.specialTokenIds = Set.copyOf(specialTokenIds);
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.addBosToken = addBosToken;
        this.chatTemplate = chatTemplate;
    }

    /**
     * Loads the tokenizer of a Hugging Face model directory: tokenizer.json (required),
     * tokenizer_config.json and chat_template.jinja (both optional).
     *
     * @throws TextFormatException if a file is missing, malformed or inconsistent
     */
    public static Tokenizer load(Path modelDir) {
        Path tokenizerFile = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new TextFormatException("no tokenizer.json in " + modelDir + ": reason4j needs the Hugging Face"
                    + " fast-tokenizer file (models with only tokenizer.model or vocab.json/merges.txt can be"
                    + " converted with transformers: AutoTokenizer.from_pretrained(dir).save_pretrained(dir))");
        }
        JsonNode tokenizerJson = readJson(tokenizerFile);
        Map<String, Integer> ids = new HashMap<>();
        Set<Integer> special = new TreeSet<>();
        readVocabulary(tokenizerJson, tokenizerFile, ids, special);

        Path configFile = modelDir.resolve("tokenizer_config.json");
        JsonNode config = Files.isRegularFile(configFile) ? readJson(configFile) : JSON.createObjectNode();
        readAddedTokensDecoder(config.path("added_tokens_decoder"), configFile, ids, special);
        String bos = specialToken(config, "bos_token", configFile, ids, special);
        String eos = specialToken(config, "eos_token", configFile, ids, special);
        specialToken(config, "pad_token", configFile, ids, special);
        specialToken(config, "unk_token", configFile, ids, special);
        JsonNode addBos = config.path("add_bos_token");
        if (!addBos.isMissingNode() && !addBos.isNull() && !addBos.isBoolean()) {
            throw new TextFormatException(configFile + ": add_bos_token must be true or false, found " + addBos);
        }
        if (addBos.asBoolean(false) && bos == null) {
            throw new TextFormatException(configFile + ": add_bos_token is true but no bos_token is set");
        }
        ChatTemplate template = chatTemplate(modelDir, config, configFile, bos, eos);

        HuggingFaceTokenizer hf;
        try {
            hf = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerFile)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
        } catch (IOException e) {
            throw new TextFormatException("cannot read " + tokenizerFile + ": " + e.getMessage(), e);
        } catch (EngineException e) {
            throw new IllegalStateException("cannot load the native Hugging Face tokenizers library that DJL"
                    + " ships for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The Rust library rejects files it cannot parse (unknown model type, bad merges, ...).
            throw new TextFormatException(tokenizerFile + ": the tokenizers library cannot load it: "
                    + e.getMessage(), e);
        }
        return new Tokenizer(hf, ids, special, bos, eos, addBos.asBoolean(false), template);
    }

    /** Encodes text as it is, without special tokens: what a chat template's output needs. */
    public int[] encode(String text) {
        return encode(text, false);
    }

    /**
     * @param addSpecialTokens whether to add the tokens the tokenizer adds around a text (its
     *                         post-processor, e.g. Llama 3's {@code <|begin_of_text|>}; a BOS when
     *                         tokenizer_config.json sets add_bos_token). Rendered chat templates
     *                         already hold them: encode those with false, as transformers does.
     */
    public int[] encode(String text, boolean addSpecialTokens) {
        long[] ids = hf.encode(text, addSpecialTokens, false).getIds();
        boolean prependBos = addSpecialTokens && addBosToken
                && (ids.length == 0 || ids[0] != idsByToken.get(bosToken));
        int offset = prependBos ? 1 : 0;
        int[] out = new int[ids.length + offset];
        if (prependBos) {
            out[0] = idsByToken.get(bosToken);
        }
        for (int i = 0; i < ids.length; i++) {
            out[i + offset] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /**
     * @param skipSpecialTokens whether to leave out special tokens ({@code <|im_end|>}, ...)
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        return decode(ids, 0, ids.length, skipSpecialTokens);
    }

    /** Decodes ids[from, to). */
    public String decode(int[] ids, int from, int to, boolean skipSpecialTokens) {
        long[] wide = new long[to - from];
        for (int i = from; i < to; i++) {
            if (ids[i] < 0 || ids[i] >= tokensById.length) {
                throw new IllegalArgumentException("token id " + ids[i] + " is outside the vocabulary [0, "
                        + tokensById.length + ")");
            }
            wide[i - from] = ids[i];
        }
        return hf.decode(wide, skipSpecialTokens);
    }

    /**
     * One more than the largest token id, added tokens included: the size an id-indexed table
     * needs. It equals transformers' {@code len(tokenizer)} when ids have no gaps.
     */
    public int vocabSize() {
        return tokensById.length;
    }

    /** The id of a token as written in the vocabulary (byte-level BPE writes a space as "Ġ"). */
    public OptionalInt tokenId(String token) {
        Integer id = idsByToken.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The vocabulary entry of an id, as {@link #tokenId} takes it. */
    public String token(int id) {
        String token = id >= 0 && id < tokensById.length ? tokensById[id] : null;
        if (token == null) {
            throw new IllegalArgumentException("no token has id " + id + " (vocabulary size " + tokensById.length + ")");
        }
        return token;
    }

    /** Ids of the added tokens marked special and of the bos, eos, pad and unk tokens. */
    public Set<Integer> specialTokenIds() {
        return specialTokenIds;
    }

    public Optional<String> bosToken() {
        return Optional.ofNullable(bosToken);
    }

    public Optional<String> eosToken() {
        return Optional.ofNullable(eosToken);
    }

    public OptionalInt bosTokenId() {
        return bosToken == null ? OptionalInt.empty() : OptionalInt.of(idsByToken.get(bosToken));
    }

    /**
     * The id of tokenizer_config.json's eos_token. Chat models often end a turn with it; a model's
     * generation_config.json may name further stop ids.
     */
    public OptionalInt eosTokenId() {
        return eosToken == null ? OptionalInt.empty() : OptionalInt.of(idsByToken.get(eosToken));
    }

    public Optional<ChatTemplate> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    @Override
    public void close() {
        hf.close();
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new TextFormatException(file + ": expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TextFormatException(file + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TextFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads model.vocab and added_tokens of tokenizer.json. */
    private static void readVocabulary(JsonNode root, Path file, Map<String, Integer> ids, Set<Integer> special) {
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            // BPE, WordPiece, WordLevel: {"token": id, ...}
            for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
                ids.put(entry.getKey(), id(entry.getValue(), file, "model.vocab[\"" + entry.getKey() + "\"]"));
            }
        } else if (vocab.isArray()) {
            // Unigram: [["token", score], ...], the id is the position.
            for (int i = 0; i < vocab.size(); i++) {
                JsonNode piece = vocab.get(i).path(0);
                if (!piece.isTextual()) {
                    throw new TextFormatException(file + ": model.vocab[" + i + "] must be [token, score], found "
                            + vocab.get(i));
                }
                ids.put(piece.asText(), i);
            }
        } else {
            throw new TextFormatException(file + ": model.vocab must be an object or a list, found "
                    + (vocab.isMissingNode() ? "nothing" : vocab.getNodeType().toString().toLowerCase()));
        }
        JsonNode added = root.path("added_tokens");
        for (int i = 0; i < added.size(); i++) {
            JsonNode token = added.get(i);
            String where = "added_tokens[" + i + "]";
            if (!token.path("content").isTextual()) {
                throw new TextFormatException(file + ": " + where + ".content must be a string, found "
                        + token.path("content"));
            }
            int id = id(token.path("id"), file, where + ".id");
            ids.put(token.path("content").asText(), id);
            if (token.path("special").asBoolean(false)) {
                special.add(id);
            }
        }
    }

    /** tokenizer_config.json's added_tokens_decoder: {"151643": {"content": "<|endoftext|>", "special": true}}. */
    private static void readAddedTokensDecoder(JsonNode decoder, Path file, Map<String, Integer> ids,
                                               Set<Integer> special) {
        for (Map.Entry<String, JsonNode> entry : decoder.properties()) {
            int id;
            try {
                id = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw new TextFormatException(file + ": added_tokens_decoder keys must be token ids, found \""
                        + entry.getKey() + "\"");
            }
            String content = entry.getValue().path("content").asText(null);
            if (content == null) {
                throw new TextFormatException(file + ": added_tokens_decoder[\"" + id + "\"].content must be a string");
            }
            ids.putIfAbsent(content, id);
            if (entry.getValue().path("special").asBoolean(false)) {
                special.add(id);
            }
        }
    }

    /** A special token setting: a string, an AddedToken object {"content": ...}, or absent/null. */
    private static String specialToken(JsonNode config, String key, Path file, Map<String, Integer> ids,
                                       Set<Integer> special) {
        JsonNode node = config.path(key);
        String token;
        if (node.isMissingNode() || node.isNull()) {
            return null;
        } else if (node.isTextual()) {
            token = node.asText();
        } else if (node.path("content").isTextual()) {
            token = node.path("content").asText();
        } else {
            throw new TextFormatException(file + ": " + key + " must be a string or {\"content\": \"...\"}, found " + node);
        }
        Integer id = ids.get(token);
        if (id == null) {
            throw new TextFormatException(file + ": " + key + " \"" + token + "\" is not in the vocabulary of"
                    + " tokenizer.json");
        }
        special.add(id);
        return token;
    }

    /**
     * The chat template: chat_template.jinja if present (newer transformers save it there), else
     * tokenizer_config.json's chat_template, a string or a list of {name, template} of which we
     * take "default", as transformers does when no template name is given.
     */
    private static ChatTemplate chatTemplate(Path modelDir, JsonNode config, Path configFile, String bos, String eos) {
        Path jinjaFile = modelDir.resolve("chat_template.jinja");
        if (Files.isRegularFile(jinjaFile)) {
            try {
                return new ChatTemplate(Files.readString(jinjaFile), jinjaFile.toString(), bos, eos);
            } catch (IOException e) {
                throw new TextFormatException("cannot read " + jinjaFile + ": " + e.getMessage(), e);
            }
        }
        JsonNode node = config.path("chat_template");
        String origin = configFile + " (chat_template)";
        if (node.isMissingNode() || node.isNull()) {
            return null;
        } else if (node.isTextual()) {
            return new ChatTemplate(node.asText(), origin, bos, eos);
        } else if (node.isArray()) {
            for (JsonNode named : node) {
                if ("default".equals(named.path("name").asText(null)) && named.path("template").isTextual()) {
                    return new ChatTemplate(named.path("template").asText(), origin + " \"default\"", bos, eos);
                }
            }
            return null;
        }
        throw new TextFormatException(configFile + ": chat_template must be a string or a list of"
                + " {\"name\": ..., \"template\": ...}, found " + node.getNodeType().toString().toLowerCase());
    }

    private static int id(JsonNode node, Path file, String where) {
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0) {
            throw new TextFormatException(file + ": " + where + " must be a non-negative integer id, found " + node);
        }
        return node.asInt();
    }

    @Override
    public String toString() {
        return "Tokenizer(vocabSize=" + vocabSize() + ", eos=" + eosToken + ")";
    }
}
