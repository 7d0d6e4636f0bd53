package io.reason4j.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.engine.FinishReason;
import io.reason4j.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads {@code /v1/completions} and {@code /v1/chat/completions} responses into
 * {@link RemoteCompletion}s. Token ids come, in order of preference, from a choice's
 * {@code token_ids} (vLLM's {@code return_token_ids}), from log-prob tokens written as
 * {@code token_id:123} ({@code return_tokens_as_token_ids}), or from re-tokenizing the text with
 * the local tokenizer, which is exact only when the tokenization of the text round-trips. A missing
 * or mistyped field is a {@link RemoteEngineException} that names it.
 */
final class CompletionParser {
    private static final String TOKEN_ID = "token_id:";

    private final Tokenizer tokenizer;
    private final String source;

    /** @param tokenizer for the fallback; null: a server that sends no token ids is an error */
    CompletionParser(Tokenizer tokenizer, String source) {
        this.tokenizer = tokenizer;
        this.source = source;
    }

    List<RemoteCompletion> completions(JsonNode body) {
        List<RemoteCompletion> out = new ArrayList<>();
        JsonNode choices = choices(body);
        for (int i = 0; i < choices.size(); i++) {
            JsonNode c = choices.get(i);
            String at = "choices[" + i + "]";
            String text = string(c, "text", at);
            JsonNode logprobs = c.path("logprobs");
            List<String> names = new ArrayList<>();
            float[] values = null;
            if (logprobs.isObject()) {
                JsonNode tokens = array(logprobs, "tokens", at + ".logprobs");
                JsonNode lps = array(logprobs, "token_logprobs", at + ".logprobs");
                for (int t = 0; t < tokens.size(); t++) names.add(tokens.get(t).asText());
                values = floats(lps, at + ".logprobs.token_logprobs");
            }
            out.add(choice(c, at, text, names, values));
        }
        out.sort(Comparator.comparingInt(RemoteCompletion::index));
        return out;
    }

    List<RemoteCompletion> chat(JsonNode body) {
        List<RemoteCompletion> out = new ArrayList<>();
        JsonNode choices = choices(body);
        for (int i = 0; i < choices.size(); i++) {
            JsonNode c = choices.get(i);
            String at = "choices[" + i + "]";
            JsonNode message = c.get("message");
            if (message == null || !message.isObject()) throw malformed(at + ".message is missing");
            JsonNode content = message.get("content");
            String text = content == null || content.isNull() ? "" : content.asText();
            List<String> names = new ArrayList<>();
            float[] values = null;
            JsonNode logprobs = c.path("logprobs");
            if (logprobs.isObject() && logprobs.path("content").isArray()) {
                JsonNode entries = logprobs.get("content");
                values = new float[entries.size()];
                for (int t = 0; t < entries.size(); t++) {
                    JsonNode e = entries.get(t);
                    names.add(string(e, "token", at + ".logprobs.content[" + t + "]"));
                    JsonNode lp = e.get("logprob");
                    if (lp == null || !lp.isNumber()) throw malformed(at + ".logprobs.content[" + t + "].logprob is missing or not a number");
                    values[t] = lp.floatValue();
                }
            }
            out.add(choice(c, at, text, names, values));
        }
        out.sort(Comparator.comparingInt(RemoteCompletion::index));
        return out;
    }

    private RemoteCompletion choice(JsonNode c, String at, String text, List<String> names, float[] values) {
        JsonNode index = c.get("index");
        if (index == null || !index.isIntegralNumber()) throw malformed(at + ".index is missing or not an integer");
        FinishReason finish = finishReason(c, at);
        JsonNode stopReason = c.get("stop_reason");
        String matched = stopReason != null && stopReason.isTextual() ? stopReason.asText() : null;
        int[] ids = null;
        JsonNode tokenIds = c.get("token_ids");
        if (tokenIds != null && tokenIds.isArray()) {
            ids = new int[tokenIds.size()];
            for (int t = 0; t < ids.length; t++) {
                if (!tokenIds.get(t).isIntegralNumber()) throw malformed(at + ".token_ids[" + t + "] is not an integer");
                ids[t] = tokenIds.get(t).asInt();
            }
        } else if (!names.isEmpty() && names.stream().allMatch(n -> n.startsWith(TOKEN_ID))) {
            ids = new int[names.size()];
            for (int t = 0; t < ids.length; t++) {
                try {
                    ids[t] = Integer.parseInt(names.get(t).substring(TOKEN_ID.length()));
                } catch (NumberFormatException e) {
                    throw malformed(at + ".logprobs token " + t + " is '" + names.get(t) + "', expected token_id:<integer>");
                }
            }
        } else if (names.isEmpty() && text.isEmpty()) {
            ids = new int[0]; // nothing generated (max_tokens 0, or an immediate stop that the server left out)
        }
        if (ids != null) {
            float[] logprobs = values != null && values.length == ids.length ? values : nanFilled(ids.length);
            return new RemoteCompletion(index.asInt(), text, ids, logprobs, finish, matched, true);
        }
        if (tokenizer == null) {
            throw new RemoteEngineException(source + " sent no token ids (it ignores return_tokens_as_token_ids),"
                    + " and no tokenizer was given to re-tokenize its text");
        }
        // A server that cut the stop string from the text despite include_stop_str_in_output: put it back.
        String full = matched != null && !text.endsWith(matched) ? text + matched : text;
        int[] retokenized = tokenizer.encode(full, false);
        float[] logprobs = values != null && values.length == retokenized.length ? values : nanFilled(retokenized.length);
        return new RemoteCompletion(index.asInt(), full, retokenized, logprobs, finish, matched, false);
    }

    private FinishReason finishReason(JsonNode c, String at) {
        JsonNode f = c.get("finish_reason");
        if (f == null || !f.isTextual()) throw malformed(at + ".finish_reason is missing or not a string");
        return switch (f.asText()) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            default -> throw malformed(at + ".finish_reason is '" + f.asText() + "', expected 'stop' or 'length'"
                    + (f.asText().equals("abort") ? " (the server aborted the request)" : ""));
        };
    }

    private JsonNode choices(JsonNode body) {
        if (body == null || !body.isObject()) throw malformed("the body is not a JSON object");
        JsonNode choices = body.get("choices");
        if (choices == null || !choices.isArray()) throw malformed("choices is missing or not an array");
        return choices;
    }

    private String string(JsonNode o, String field, String at) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) throw malformed(at + "." + field + " is missing or not a string");
        return v.asText();
    }

    private JsonNode array(JsonNode o, String field, String at) {
        JsonNode v = o.get(field);
        if (v == null || !v.isArray()) throw malformed(at + "." + field + " is missing or not an array");
        return v;
    }

    /** Log-probabilities; a null (vLLM's for an echoed first prompt token) is NaN. */
    private float[] floats(JsonNode array, String at) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (v.isNull()) out[i] = Float.NaN;
            else if (v.isNumber()) out[i] = v.floatValue();
            else throw malformed(at + "[" + i + "] is " + v + ", expected a number");
        }
        return out;
    }

    private static float[] nanFilled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    private RemoteEngineException malformed(String what) {
        return new RemoteEngineException("malformed response from " + source + ": " + what);
    }
}
