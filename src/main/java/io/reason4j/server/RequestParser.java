package io.reason4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.engine.SamplingParams;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.TextFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code /v1/completions} and {@code /v1/chat/completions} bodies into {@link GenerationJob}s:
 * OpenAI's fields with vLLM's meanings and extensions (top_k, stop_token_ids, ignore_eos,
 * skip_special_tokens, include_stop_str_in_output, return_tokens_as_token_ids, chat_template_kwargs).
 */
final class RequestParser {
    /** As vLLM: at most 20 alternatives per token. */
    static final int MAX_TOP_LOGPROBS = 20;
    static final int MAX_N = 128;
    /** OpenAI's default for text completions; chat completions default to the rest of the context. */
    static final int DEFAULT_COMPLETION_TOKENS = 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ServedModel model;
    /** Whether the server reads tool calls out of answers (vLLM's --enable-auto-tool-choice with --tool-call-parser). */
    private final boolean autoToolChoice;

    RequestParser(ServedModel model, boolean autoToolChoice) {
        this.model = model;
        this.autoToolChoice = autoToolChoice;
    }

    GenerationJob completions(JsonNode body) {
        RequestFields f = new RequestFields(body);
        checkModel(f);
        if (!f.has("prompt")) throw ApiException.badRequest("prompt", "prompt is required: a string, an array of token ids, or an array of either");
        List<int[]> prompts = prompts(f.get("prompt"));
        f.unsupportedTrue("echo");
        f.unsupported("best_of", 1);
        Integer logprobs = f.integer("logprobs", null, 0, MAX_TOP_LOGPROBS);
        int maxTokens = f.integer("max_tokens", DEFAULT_COMPLETION_TOKENS, 0, Integer.MAX_VALUE);
        return job(f, false, prompts, maxTokens, logprobs != null, logprobs == null ? 0 : logprobs, false);
    }

    GenerationJob chat(JsonNode body) {
        RequestFields f = new RequestFields(body);
        checkModel(f);
        if (model.tokenizer() == null || model.chatTemplate() == null) {
            throw ApiException.badRequest("messages", "this model has no chat template (tokenizer_config.json chat_template):"
                    + " use /v1/completions with a rendered prompt");
        }
        List<ChatMessage> messages = messages(f.get("messages"));
        Map<String, Object> variables = new LinkedHashMap<>();
        JsonNode kwargs = f.get("chat_template_kwargs");
        if (kwargs != null) {
            if (!kwargs.isObject()) throw RequestFields.wrongType("chat_template_kwargs", "an object", kwargs);
            variables.putAll(JSON.convertValue(kwargs, Map.class));
        }
        boolean toolCalls = toolChoiceIsAuto(f);
        if (f.has("tools")) variables.put("tools", JSON.convertValue(f.get("tools"), Object.class));
        variables.remove("messages");
        variables.remove("add_generation_prompt");
        String rendered;
        try {
            rendered = model.chatTemplate().render(messages, f.bool("add_generation_prompt", true), variables);
        } catch (TextFormatException e) {
            throw ApiException.badRequest("messages", e.getMessage());
        }
        int[] prompt = model.tokenizer().encode(rendered, false); // the template writes the special tokens
        checkPrompt("messages", prompt);
        boolean logprobs = f.bool("logprobs", false);
        int top = f.integer("top_logprobs", 0, 0, MAX_TOP_LOGPROBS);
        if (top > 0 && !logprobs) throw ApiException.badRequest("top_logprobs", "top_logprobs needs logprobs: true");
        Integer max = f.integer("max_completion_tokens", null, 0, Integer.MAX_VALUE);
        if (max == null) max = f.integer("max_tokens", null, 0, Integer.MAX_VALUE);
        // Without a limit the context is the limit: the batch ends a sequence that fills it.
        return job(f, true, List.of(prompt), max == null ? model.contextLimit() : max, logprobs, top, toolCalls);
    }

    /**
     * Reads {@code tool_choice} as vLLM does: {@code auto} when tools are given and it is not,
     * {@code none} without tools. Returns whether the answer's tool calls are to be read out.
     */
    private boolean toolChoiceIsAuto(RequestFields f) {
        boolean tools = f.has("tools") && !f.get("tools").isNull();
        if (tools && !f.get("tools").isArray()) throw RequestFields.wrongType("tools", "an array of {\"type\": \"function\", ...}", f.get("tools"));
        JsonNode choice = f.get("tool_choice");
        if (choice == null || choice.isNull()) return tools && requireAutoToolChoice();
        if (choice.isTextual() && choice.asText().equals("none")) return false;
        if (!tools) throw ApiException.badRequest("tool_choice", "tool_choice needs tools: none are given");
        if (choice.isTextual() && choice.asText().equals("auto")) return requireAutoToolChoice();
        if (choice.isTextual() && choice.asText().equals("required") || choice.isObject()) {
            throw ApiException.badRequest("tool_choice", "tool_choice " + RequestFields.brief(choice) + " forces a call, which needs"
                    + " guided decoding; this server has none: use \"auto\" or \"none\"");
        }
        throw RequestFields.wrongType("tool_choice", "\"none\", \"auto\", \"required\" or {\"type\": \"function\", ...}", choice);
    }

    private boolean requireAutoToolChoice() {
        if (!autoToolChoice) {
            throw ApiException.badRequest("tool_choice", "\"auto\" tool choice requires --enable-auto-tool-choice and"
                    + " --tool-call-parser to be set (reason4j serve), or pass \"tool_choice\": \"none\"");
        }
        return true;
    }

    private GenerationJob job(RequestFields f, boolean chat, List<int[]> prompts, int maxTokens, boolean logprobs, int top,
                              boolean toolCalls) {
        int n = f.integer("n", 1, 1, MAX_N);
        double temperature = f.number("temperature", 1.0, t -> t >= 0 && t <= 1e6, ">= 0 (0 = greedy)");
        double topP = f.number("top_p", 1.0, p -> p > 0 && p <= 1, "in (0, 1]");
        int topK = f.integer("top_k", 0, -1, Integer.MAX_VALUE);
        Long seed = f.longValue("seed");
        f.unsupported("frequency_penalty", 0);
        f.unsupported("presence_penalty", 0);
        f.unsupported("repetition_penalty", 1);
        f.unsupported("min_tokens", 0);
        f.unsupported("min_p", 0);
        if (f.has("logit_bias") && !(f.get("logit_bias").isObject() && f.get("logit_bias").isEmpty())) {
            throw ApiException.badRequest("logit_bias", "logit_bias is not supported by this server");
        }
        List<String> stops = f.strings("stop");
        if (!stops.isEmpty() && model.tokenizer() == null) {
            throw ApiException.badRequest("stop", "stop strings need a tokenizer, and this model has none: use stop_token_ids");
        }
        Set<Integer> stopIds = new TreeSet<>(f.tokenIds("stop_token_ids", model.vocabSize()));
        if (!f.bool("ignore_eos", false)) stopIds.addAll(model.stopTokenIds());
        boolean stream = f.bool("stream", false);
        boolean usage = false;
        JsonNode streamOptions = f.get("stream_options");
        if (streamOptions != null) {
            if (!streamOptions.isObject()) throw RequestFields.wrongType("stream_options", "an object", streamOptions);
            usage = new RequestFields(streamOptions).bool("include_usage", false);
        }
        // As vLLM's hermes parser: a call's tags may be special tokens, so they stay in the text.
        boolean skipSpecial = f.bool("skip_special_tokens", true) && !toolCalls;
        GenerationJob.OutputOptions output = new GenerationJob.OutputOptions(skipSpecial,
                f.bool("include_stop_str_in_output", false), f.bool("return_tokens_as_token_ids", false),
                f.bool("return_token_ids", false), toolCalls);
        SamplingParams params = new SamplingParams(temperature, topP, Math.max(topK, 0), maxTokens, 0, stopIds, stops);
        return new GenerationJob(chat, prompts, n, params, seed, logprobs, top, stream, usage, output);
    }

    private void checkModel(RequestFields f) {
        String name = f.string("model", model.name());
        if (!name.equals(model.name())) {
            throw ApiException.notFound("model", "The model `" + name + "` does not exist: this server serves `" + model.name() + "`");
        }
    }

    /** A string, an array of token ids, or an array of strings or of token-id arrays (several prompts). */
    private List<int[]> prompts(JsonNode p) {
        List<int[]> out = new ArrayList<>();
        if (p.isTextual()) {
            out.add(encode(p.asText()));
        } else if (p.isArray() && !p.isEmpty() && p.get(0).isIntegralNumber()) {
            out.add(ids(p));
        } else if (p.isArray() && !p.isEmpty()) {
            for (JsonNode e : p) {
                if (e.isTextual()) out.add(encode(e.asText()));
                else if (e.isArray()) out.add(ids(e));
                else throw ApiException.badRequest("prompt", "prompt must be a string, an array of token ids, or an array of"
                        + " strings or token-id arrays; found " + RequestFields.brief(e) + " in the array");
            }
        } else {
            throw ApiException.badRequest("prompt", "prompt must be a non-empty string, an array of token ids, or an array of"
                    + " strings or token-id arrays; found " + RequestFields.brief(p));
        }
        for (int[] ids : out) checkPrompt("prompt", ids);
        return out;
    }

    private int[] encode(String text) {
        if (model.tokenizer() == null) {
            throw ApiException.badRequest("prompt", "this model has no tokenizer.json: pass the prompt as an array of token ids");
        }
        return model.tokenizer().encode(text, true); // as vLLM: a text prompt gets the tokenizer's special tokens (BOS)
    }

    private int[] ids(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = RequestFields.tokenId("prompt", array.get(i), model.vocabSize());
        return ids;
    }

    private void checkPrompt(String field, int[] ids) {
        if (ids.length == 0) throw ApiException.badRequest(field, field + " is empty: a prompt needs at least one token");
        if (ids.length >= model.contextLimit()) {
            throw ApiException.badRequest(field, "the prompt has " + ids.length + " tokens, but the model's context is "
                    + model.contextLimit() + ": no room to generate");
        }
    }

    private static List<ChatMessage> messages(JsonNode v) {
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw ApiException.badRequest("messages", "messages must be a non-empty array of {\"role\", \"content\"} objects");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode m = v.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) throw ApiException.badRequest(where, where + " must be an object, found " + RequestFields.brief(m));
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual()) throw ApiException.badRequest(where + ".role", where + ".role must be a string");
            Map<String, Object> extra = new LinkedHashMap<>();
            m.properties().forEach(e -> {
                if (!e.getKey().equals("role") && !e.getKey().equals("content")) extra.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
            });
            if (extra.get("tool_calls") instanceof List<?> calls) parseArguments(calls, where + ".tool_calls");
            out.add(new ChatMessage(role.asText(), content(m.get("content"), where + ".content"), extra));
        }
        return out;
    }

    /**
     * OpenAI clients send a call's {@code function.arguments} as a JSON text; chat templates (Qwen's,
     * Hermes') write it with {@code tojson}, so, as vLLM does, it goes to the template as the object.
     */
    @SuppressWarnings("unchecked")
    private static void parseArguments(List<?> calls, String where) {
        for (int j = 0; j < calls.size(); j++) {
            if (!(calls.get(j) instanceof Map<?, ?> call) || !(call.get("function") instanceof Map<?, ?> function)) continue;
            if (!(function.get("arguments") instanceof String text)) continue;
            try {
                ((Map<String, Object>) function).put("arguments", JSON.readValue(text, Object.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                String field = where + "[" + j + "].function.arguments";
                throw ApiException.badRequest(field, field + " must be a JSON text, found " + RequestFields.brief(JSON.valueToTree(text)));
            }
        }
    }

    /** A string, null, or OpenAI's array of parts, of which the text parts are joined. */
    private static String content(JsonNode c, String where) {
        if (c == null || c.isNull()) return null;
        if (c.isTextual()) return c.asText();
        if (!c.isArray()) throw RequestFields.wrongType(where, "a string or an array of text parts", c);
        StringBuilder text = new StringBuilder();
        for (JsonNode part : c) {
            if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw ApiException.badRequest(where, where + " may only hold {\"type\": \"text\", \"text\": ...} parts, found "
                        + RequestFields.brief(part));
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }
}
