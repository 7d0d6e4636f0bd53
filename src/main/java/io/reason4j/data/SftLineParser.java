package io.reason4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.TextFormatException;
import io.reason4j.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSONL line into an {@link SftExample}: tells its {@link SftFormat} by its keys, checks
 * every field, renders and tokenizes. Safe to use from several threads.
 */
final class SftLineParser {

    static final List<String> ROLES = List.of("system", "user", "assistant", "tool");

    private static final String FORMATS = "\"messages\"; \"prompt\" and \"completion\"; \"text\"; \"input_ids\";"
            + " or \"prompt_ids\" and \"completion_ids\"";

    /**
     * @param example            null when the line gives no token at all (e.g. an empty text
     *                           without EOS): it has nothing to train on
     * @param boundaryMismatches see {@link JointTokenizer.Result#boundaryMismatches()}
     */
    record Parsed(SftFormat format, SftExample example, int boundaryMismatches) {
    }

    private final Tokenizer tokenizer;
    private final SftReadOptions options;
    private final List<String> specialTokens;
    private final int vocabSize;

    /** @param tokenizer null for datasets that are all pre-tokenized */
    SftLineParser(Tokenizer tokenizer, SftReadOptions options) {
        this.tokenizer = tokenizer;
        this.options = options;
        List<String> specials = new ArrayList<>();
        if (tokenizer != null) {
            for (int id : tokenizer.specialTokenIds()) {
                specials.add(tokenizer.token(id));
            }
        }
        this.specialTokens = List.copyOf(specials);
        this.vocabSize = options.vocabSize() > 0 ? options.vocabSize() : tokenizer == null ? 0 : tokenizer.vocabSize();
    }

    Parsed parse(JsonNode node, String location) {
        JsonField line = JsonField.line(node, location);
        if (!node.isObject()) {
            throw line.problem("expected a JSON object, got " + JsonField.describe(node));
        }
        return switch (family(line)) {
            case MESSAGES -> chat(line);
            case PROMPT_COMPLETION -> promptCompletion(line);
            case TEXT -> text(line);
            case TOKEN_IDS -> tokens(line);
        };
    }

    /** The kinds of line, by the keys that announce them; the formats within a kind differ by value types. */
    private enum Family {
        MESSAGES("messages"),
        PROMPT_COMPLETION("prompt", "completion"),
        TEXT("text"),
        TOKEN_IDS("input_ids", "prompt_ids", "completion_ids");

        private final List<String> keys;

        Family(String... keys) {
            this.keys = List.of(keys);
        }

        /** The first of this family's keys the line has, or null. */
        String keyIn(JsonNode line) {
            return keys.stream().filter(line::has).findFirst().orElse(null);
        }
    }

    private static Family family(JsonField line) {
        List<Family> found = Arrays.stream(Family.values()).filter(f -> f.keyIn(line.node()) != null).toList();
        if (found.isEmpty()) {
            List<String> keys = line.keys();
            throw line.problem("expected the fields " + FORMATS + "; got "
                    + (keys.isEmpty() ? "an empty object" : "an object with the fields \"" + String.join("\", \"", keys) + "\""));
        }
        if (found.size() > 1) {
            List<String> keys = found.stream().map(f -> "\"" + f.keyIn(line.node()) + "\"").toList();
            throw line.problem("the fields " + String.join(" and ", keys) + " belong to different example formats"
                    + " (expected " + FORMATS + "); give one of them");
        }
        return found.getFirst();
    }

    // ---- chat ------------------------------------------------------------------------------------

    private Parsed chat(JsonField line) {
        JsonField field = line.get("messages");
        List<ChatMessage> messages = messages(field);
        ChatTemplate template = template(field);
        Map<String, Object> variables = templateVariables(line);
        var pieces = AssistantTurns.pieces(template, messages, 0, variables, specialTokens,
                AssistantTurns.MessageFields.of(field));
        return tokenized(SftFormat.CHAT, pieces, false, line);
    }

    private List<ChatMessage> messages(JsonField field) {
        List<JsonField> elements = field.elements("a non-empty list of messages");
        if (elements.isEmpty()) {
            throw field.expected("a non-empty list of messages");
        }
        List<ChatMessage> messages = new ArrayList<>(elements.size());
        for (JsonField element : elements) {
            messages.add(message(element));
        }
        return messages;
    }

    private static ChatMessage message(JsonField element) {
        element.object("a message {\"role\": ..., \"content\": ...}");
        JsonField roleField = element.get("role");
        String role = roleField.isString() ? roleField.string() : null;
        if (role == null || !ROLES.contains(role)) {
            throw roleField.expected("one of " + String.join(", ", ROLES));
        }
        JsonField contentField = element.get("content");
        boolean callsTools = element.get("tool_calls").present();
        String content;
        if (contentField.isString()) {
            content = contentField.string();
        } else if (!contentField.present() && role.equals("assistant") && callsTools) {
            content = null; // an assistant message that only calls tools
        } else {
            throw contentField.expected(role.equals("assistant") ? "a string (or null with \"tool_calls\")" : "a string");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String key : element.keys()) {
            if (!key.equals("role") && !key.equals("content")) {
                extra.put(key, element.get(key).toJava());
            }
        }
        return new ChatMessage(role, content, extra);
    }

    private ChatTemplate template(JsonField field) {
        Tokenizer t = requireTokenizer(field, "chat examples need the model's tokenizer and chat template");
        return t.chatTemplate().orElseThrow(() -> field.problem("the tokenizer has no chat template (chat_template in"
                + " tokenizer_config.json, or chat_template.jinja), so messages cannot be rendered; give the prompt"
                + " and completion as text instead"));
    }

    /** The reader's variables, then the line's "tools" and "chat_template_kwargs". */
    private Map<String, Object> templateVariables(JsonField line) {
        Map<String, Object> variables = new HashMap<>(options.templateVariables());
        JsonField tools = line.get("tools");
        if (tools.present()) {
            tools.elements("a list of tool definitions");
            variables.put("tools", tools.toJava());
        }
        JsonField kwargs = line.get("chat_template_kwargs");
        if (kwargs.present()) {
            kwargs.object("an object of chat template variables");
            for (String key : kwargs.keys()) {
                if (key.equals("messages") || key.equals("add_generation_prompt")) {
                    throw kwargs.get(key).problem("is set by the reader, not by chat_template_kwargs");
                }
                variables.put(key, kwargs.get(key).toJava());
            }
        }
        return variables;
    }

    // ---- prompt and completion -------------------------------------------------------------------

    private Parsed promptCompletion(JsonField line) {
        JsonField prompt = line.get("prompt");
        JsonField completion = line.get("completion");
        if (!prompt.isString() && !prompt.isArray()) {
            throw prompt.expected("a string or a list of messages");
        }
        boolean chatPrompt = prompt.isArray();
        if (completion.isString()) {
            var segments = List.of(new JointTokenizer.Piece(completion.string(), true));
            return withPrompt(SftFormat.PROMPT_COMPLETION, line, prompt, completion, segments);
        }
        if (!completion.isArray() || completion.node().isEmpty()) {
            throw completion.expected("a string, a non-empty list of segments {\"text\": ..., \"train\": ...}, or a"
                    + " non-empty list of messages");
        }
        JsonNode first = completion.node().get(0);
        if (first.isObject() && first.has("role")) {
            if (!chatPrompt) {
                throw completion.problem("a list of messages as completion needs a list of messages as prompt, got a"
                        + " string prompt; give the completion as a string or as segments");
            }
            return chatPromptCompletion(line, prompt, completion);
        }
        if (first.isObject() && first.has("text")) {
            return withPrompt(SftFormat.SEGMENTS, line, prompt, completion, segments(completion));
        }
        throw completion.get(0).expected("a segment {\"text\": ..., \"train\": ...} or a message {\"role\": ...,"
                + " \"content\": ...}");
    }

    private static List<JointTokenizer.Piece> segments(JsonField completion) {
        List<JointTokenizer.Piece> segments = new ArrayList<>();
        for (JsonField element : completion.elements("a list of segments")) {
            element.object("a segment {\"text\": ..., \"train\": true or false}");
            segments.add(new JointTokenizer.Piece(element.get("text").string(), element.get("train").bool()));
        }
        return segments;
    }

    /** A text or chat prompt followed by text segments, and EOS if asked for. */
    private Parsed withPrompt(SftFormat format, JsonField line, JsonField prompt, JsonField completion,
                              List<JointTokenizer.Piece> segments) {
        List<JointTokenizer.Piece> pieces = new ArrayList<>();
        boolean chatPrompt = prompt.isArray();
        if (chatPrompt) {
            List<ChatMessage> messages = messages(prompt);
            ChatTemplate template = template(prompt);
            pieces.add(new JointTokenizer.Piece(render(template, messages, templateVariables(line), prompt), false));
        } else {
            requireTokenizer(prompt, "text examples need the model's tokenizer");
            pieces.add(new JointTokenizer.Piece(prompt.string(), false));
        }
        pieces.addAll(segments);
        appendEos(pieces, completion);
        // Plain text gets the tokenizer's special tokens (a BOS), as transformers' tokenizer(text)
        // does; a rendered chat template already holds them.
        return tokenized(format, pieces, !chatPrompt, line);
    }

    private Parsed chatPromptCompletion(JsonField line, JsonField prompt, JsonField completion) {
        List<ChatMessage> messages = new ArrayList<>(messages(prompt));
        int promptSize = messages.size();
        messages.addAll(messages(completion));
        var pieces = AssistantTurns.pieces(template(prompt), messages, promptSize, templateVariables(line),
                specialTokens, new AssistantTurns.MessageFields(prompt, promptSize, completion));
        return tokenized(SftFormat.CHAT_PROMPT_COMPLETION, pieces, false, line);
    }

    private static String render(ChatTemplate template, List<ChatMessage> messages, Map<String, Object> variables,
                                 JsonField field) {
        try {
            return template.render(messages, true, variables);
        } catch (TextFormatException e) {
            throw field.problem(e.getMessage());
        }
    }

    // ---- text ------------------------------------------------------------------------------------

    private Parsed text(JsonField line) {
        JsonField text = line.get("text");
        String value = text.string();
        requireTokenizer(text, "text examples need the model's tokenizer");
        List<JointTokenizer.Piece> pieces = new ArrayList<>();
        pieces.add(new JointTokenizer.Piece(value, true));
        appendEos(pieces, text);
        return tokenized(SftFormat.TEXT, pieces, true, line);
    }

    private void appendEos(List<JointTokenizer.Piece> pieces, JsonField field) {
        if (!options.appendEos()) {
            return;
        }
        String eos = tokenizer.eosToken().orElseThrow(() -> field.problem("the tokenizer has no eos_token to end the"
                + " completion with; set eos_token in tokenizer_config.json, or turn off appending EOS"));
        StringBuilder all = new StringBuilder();
        pieces.forEach(p -> all.append(p.text()));
        if (!all.toString().endsWith(eos)) {
            pieces.add(new JointTokenizer.Piece(eos, true));
        }
    }

    private Parsed tokenized(SftFormat format, List<JointTokenizer.Piece> pieces, boolean addSpecialTokens,
                             JsonField line) {
        JointTokenizer.Result result = JointTokenizer.tokenize(tokenizer, pieces, addSpecialTokens);
        SftExample example = result.tokens().length == 0 ? null
                : new SftExample(result.tokens(), result.trainable(), line.location());
        return new Parsed(format, example, result.boundaryMismatches());
    }

    private Tokenizer requireTokenizer(JsonField field, String what) {
        if (tokenizer == null) {
            throw field.problem(what + ", and none was given (the model directory has no tokenizer.json);"
                    + " pre-tokenized examples with \"input_ids\" need none");
        }
        return tokenizer;
    }

    // ---- pre-tokenized ---------------------------------------------------------------------------

    private Parsed tokens(JsonField line) {
        JsonNode node = line.node();
        if (node.has("input_ids")) {
            for (String other : List.of("prompt_ids", "completion_ids")) {
                if (node.has(other)) {
                    throw line.problem("give either \"input_ids\" or \"prompt_ids\" and \"completion_ids\", not both");
                }
            }
            JsonField idsField = line.get("input_ids");
            int[] ids = nonEmpty(idsField, idsField.tokenIds(vocabSize));
            boolean[] trainable = new boolean[ids.length];
            JsonField maskField = maskField(line);
            if (maskField == null) {
                Arrays.fill(trainable, true);
            } else {
                trainable = maskField.flags();
                if (trainable.length != ids.length) {
                    throw maskField.problem("expected one flag per token of \"input_ids\" (" + ids.length + "), got "
                            + trainable.length);
                }
            }
            return new Parsed(SftFormat.TOKENS, new SftExample(ids, trainable, line.location()), 0);
        }
        JsonField promptField = line.get("prompt_ids");
        JsonField completionField = line.get("completion_ids");
        int[] prompt = promptField.tokenIds(vocabSize);
        int[] completion = nonEmpty(completionField, completionField.tokenIds(vocabSize));
        int[] ids = new int[prompt.length + completion.length];
        boolean[] trainable = new boolean[ids.length];
        System.arraycopy(prompt, 0, ids, 0, prompt.length);
        System.arraycopy(completion, 0, ids, prompt.length, completion.length);
        Arrays.fill(trainable, prompt.length, ids.length, true);
        return new Parsed(SftFormat.TOKENS, new SftExample(ids, trainable, line.location()), 0);
    }

    /** The line's "loss_mask" or "completion_mask", or null if it has neither. */
    private static JsonField maskField(JsonField line) {
        JsonField loss = line.get("loss_mask");
        JsonField completion = line.get("completion_mask");
        if (loss.present() && completion.present()) {
            throw line.problem("give either \"loss_mask\" or \"completion_mask\", not both (they mean the same)");
        }
        return loss.present() ? loss : completion.present() ? completion : null;
    }

    private static int[] nonEmpty(JsonField field, int[] ids) {
        if (ids.length == 0) {
            throw field.expected("a non-empty list of token ids");
        }
        return ids;
    }
}
