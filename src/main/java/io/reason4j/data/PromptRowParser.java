package io.reason4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.text.ChatMessage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one row of an RL prompt dataset (a JSONL line or a Parquet row, as JSON) into a
 * {@link PromptExample}. The row is verl's RL schema, {@code data_source}, {@code prompt},
 * {@code ability}, {@code reward_model.ground_truth}, {@code extra_info}, or the simpler form with a
 * string prompt and a top-level answer; docs/data-formats.md ("RL prompt datasets") has both.
 */
final class PromptRowParser {

    /** Where the reference answer may be when there is no {@code reward_model}, in this order. */
    static final List<String> ANSWER_FIELDS = List.of("ground_truth", "answer", "solution");

    /** The columns a Parquet file is read with; the others are skipped. */
    static final List<String> FIELDS = List.of("data_source", "prompt", "ability", "reward_model", "extra_info",
            "ground_truth", "answer", "solution");

    private PromptRowParser() {
    }

    /**
     * @param id            the example's id
     * @param defaultSource the data source of a row without {@code data_source}
     */
    static PromptExample parse(JsonField row, String id, String defaultSource) {
        if (!row.node().isObject()) {
            throw row.problem("expected a JSON object, got " + JsonField.describe(row.node()));
        }
        List<ChatMessage> prompt = prompt(row.get("prompt"));
        String groundTruth = groundTruth(row);
        JsonField sourceField = row.get("data_source");
        String source = sourceField.present() ? nonBlank(sourceField) : defaultSource;
        Map<String, Object> extraInfo = new LinkedHashMap<>();
        JsonField extra = row.get("extra_info");
        if (extra.present()) {
            extra.object("an object");
            for (String key : extra.keys()) {
                extraInfo.put(key, extra.get(key).toJava());
            }
        }
        JsonField ability = row.get("ability");
        if (ability.present()) {
            // PromptExample has no field for it; it is metadata that per-problem results group by.
            extraInfo.putIfAbsent("ability", ability.string());
        }
        return new PromptExample(id, prompt, groundTruth, source, extraInfo);
    }

    /** A string (one user message) or a non-empty list of messages. */
    private static List<ChatMessage> prompt(JsonField field) {
        String what = "a string or a non-empty list of messages {\"role\": ..., \"content\": ...}";
        if (field.isString()) {
            return List.of(ChatMessage.user(nonBlank(field)));
        }
        List<JsonField> elements = field.elements(what);
        if (elements.isEmpty()) {
            throw field.expected(what);
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
        if (role == null || !SftLineParser.ROLES.contains(role)) {
            throw roleField.expected("one of " + String.join(", ", SftLineParser.ROLES));
        }
        String content = element.get("content").string();
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String key : element.keys()) {
            // A null key is dropped: a Parquet struct has every key any message has, null where a
            // message lacks it, and a chat template's "is defined" test must not see those.
            if (!key.equals("role") && !key.equals("content") && element.get(key).present()) {
                extra.put(key, element.get(key).toJava());
            }
        }
        return new ChatMessage(role, content, extra);
    }

    /** {@code reward_model.ground_truth} if there is a reward_model; else the first answer field present. */
    private static String groundTruth(JsonField row) {
        JsonField rewardModel = row.get("reward_model");
        if (rewardModel.present()) {
            rewardModel.object("an object {\"ground_truth\": ..., \"style\": ...}");
            return answer(rewardModel.get("ground_truth"));
        }
        for (String key : ANSWER_FIELDS) {
            JsonField field = row.get(key);
            if (field.present()) {
                return answer(field);
            }
        }
        List<String> keys = row.keys().stream().filter(k -> row.get(k).present()).toList();
        throw row.problem("no reference answer: expected \"reward_model\": {\"ground_truth\": ...} or one of the fields \""
                + String.join("\", \"", ANSWER_FIELDS) + "\"; got "
                + (keys.isEmpty() ? "an empty object" : "the fields \"" + String.join("\", \"", keys) + "\""));
    }

    /**
     * A non-blank string as it is, or a number as its decimal text: 72, 0.5, 0.00001 (72.0 becomes
     * 72: a JSON parser and a pandas float column keep no trailing zeros).
     */
    private static String answer(JsonField field) {
        String what = "a non-empty string or a number";
        JsonNode node = field.node();
        if (field.isString()) {
            if (node.textValue().isBlank()) {
                throw field.expected(what);
            }
            return node.textValue();
        }
        if (!field.present() || !node.isNumber()) {
            throw field.expected(what);
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isDouble() || node.isFloat()) {
            double v = node.doubleValue();
            if (!Double.isFinite(v)) {
                throw field.expected("a non-empty string or a finite number");
            }
            // Float.toString / Double.toString give the shortest text that reads back as the value.
            BigDecimal exact = new BigDecimal(node.isFloat() ? Float.toString(node.floatValue()) : Double.toString(v));
            return plain(exact);
        }
        return plain(node.decimalValue());
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static String nonBlank(JsonField field) {
        String value = field.string();
        if (value.isBlank()) {
            throw field.expected("a non-empty string");
        }
        return value;
    }
}
