package io.reason4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.FinishReason;
import io.reason4j.engine.TopLogprobs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The JSON the server writes, in OpenAI's shapes: completions and chat completions (whole, and as
 * stream chunks), their log-probs, usage, the model list and errors.
 */
final class ResponseBodies {
    static final ObjectMapper JSON = new ObjectMapper();

    private ResponseBodies() {
    }

    /** The envelope of a response or chunk: {@code {id, object, created, model, choices: []}}. */
    static ObjectNode envelope(String id, String object, long created, String model) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("object", object);
        o.put("created", created);
        o.put("model", model);
        o.putArray("choices");
        return o;
    }

    /**
     * A completions choice over tokens [from, to) of {@code out} with {@code text}; with a finish,
     * its reason and vLLM's stop_reason (the stop string or stop token id; null for the model's EOS).
     */
    static ObjectNode completionChoice(int index, String text, ChoiceOutput out, int from, int to, GenerationJob job,
                                       Set<Integer> modelStops) {
        ObjectNode c = JSON.createObjectNode();
        c.put("index", index);
        c.put("text", text);
        c.set("logprobs", job.logprobs() ? completionLogprobs(out, from, to, job.topLogprobs()) : null);
        finish(c, out, to, job, modelStops);
        return c;
    }

    /**
     * A chat choice: the whole message, or (streaming) a delta with the new content. The tool calls
     * read out of the answer come with the whole message, or with the last delta, whole.
     */
    static ObjectNode chatChoice(int index, String content, boolean delta, ChoiceOutput out, int from, int to,
                                 GenerationJob job, Set<Integer> modelStops) {
        ObjectNode c = JSON.createObjectNode();
        c.put("index", index);
        ObjectNode message = c.putObject(delta ? "delta" : "message");
        if (!delta) message.put("role", "assistant");
        message.put("content", content);
        List<HermesToolCalls.ToolCall> calls = ends(out, to) ? out.toolCalls() : List.of();
        if (!calls.isEmpty()) {
            if (content.isEmpty()) message.putNull("content");
            ArrayNode list = message.putArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                ObjectNode call = list.addObject();
                if (delta) call.put("index", i);
                call.put("id", "chatcmpl-tool-" + UUID.randomUUID().toString().replace("-", ""));
                call.put("type", "function");
                ObjectNode function = call.putObject("function");
                function.put("name", calls.get(i).name());
                function.put("arguments", calls.get(i).arguments());
            }
        }
        if (job.logprobs()) {
            ObjectNode lp = c.putObject("logprobs");
            lp.set("content", chatLogprobs(out, from, to, job.topLogprobs()));
        } else {
            c.putNull("logprobs");
        }
        finish(c, out, to, job, modelStops);
        return c;
    }

    /** The first chunk of a streamed chat choice: the assistant's role, as OpenAI sends it. */
    static ObjectNode chatRoleChoice(int index) {
        ObjectNode c = JSON.createObjectNode();
        c.put("index", index);
        ObjectNode delta = c.putObject("delta");
        delta.put("role", "assistant");
        delta.put("content", "");
        c.putNull("logprobs");
        c.putNull("finish_reason");
        return c;
    }

    private static void finish(ObjectNode c, ChoiceOutput out, int to, GenerationJob job, Set<Integer> modelStops) {
        if (!ends(out, to)) {
            c.putNull("finish_reason");
            c.putNull("stop_reason");
            return;
        }
        c.put("finish_reason", out.toolCalls().isEmpty() ? out.finish().apiName() : "tool_calls");
        if (out.finish() == FinishReason.STOP && out.matchedStop() != null) {
            c.put("stop_reason", out.matchedStop());
        } else if (out.finish() == FinishReason.STOP && out.size() > 0 && !modelStops.contains(out.tokenId(out.size() - 1))) {
            c.put("stop_reason", out.tokenId(out.size() - 1));
        } else {
            c.putNull("stop_reason");
        }
        if (job.output().returnTokenIds() && !job.stream()) c.set("token_ids", JSON.valueToTree(out.tokenIds()));
    }

    /** Whether a choice over tokens up to {@code to} is the last of its answer. */
    private static boolean ends(ChoiceOutput out, int to) {
        return out.finish() != null && to == out.size();
    }

    /** {@code {tokens, token_logprobs, top_logprobs, text_offset}}; the sampled token is always among its top_logprobs (as vLLM). */
    static ObjectNode completionLogprobs(ChoiceOutput out, int from, int to, int topCount) {
        ObjectNode lp = JSON.createObjectNode();
        ArrayNode tokens = lp.putArray("tokens"), logprobs = lp.putArray("token_logprobs");
        ArrayNode top = lp.putArray("top_logprobs"), offsets = lp.putArray("text_offset");
        for (int i = from; i < to; i++) {
            String name = out.tokenName(out.tokenId(i));
            tokens.add(name);
            logprobs.add(out.logprob(i));
            ObjectNode alternatives = top.addObject();
            TopLogprobs t = out.top(i);
            if (t != null && topCount > 0) {
                for (int j = 0; j < t.size(); j++) alternatives.put(out.tokenName(t.tokenIds()[j]), t.logprobs()[j]);
            }
            if (!alternatives.has(name)) alternatives.put(name, out.logprob(i));
            offsets.add(out.textOffset(i));
        }
        return lp;
    }

    /** {@code [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]}. */
    static ArrayNode chatLogprobs(ChoiceOutput out, int from, int to, int topCount) {
        ArrayNode content = JSON.createArrayNode();
        for (int i = from; i < to; i++) {
            ObjectNode e = tokenEntry(out.tokenName(out.tokenId(i)), out.logprob(i));
            content.add(e);
            ArrayNode top = e.putArray("top_logprobs");
            TopLogprobs t = out.top(i);
            if (t != null && topCount > 0) {
                for (int j = 0; j < t.size(); j++) top.add(tokenEntry(out.tokenName(t.tokenIds()[j]), t.logprobs()[j]));
            }
        }
        return content;
    }

    private static ObjectNode tokenEntry(String token, float logprob) {
        ObjectNode e = JSON.createObjectNode();
        e.put("token", token);
        e.put("logprob", logprob);
        ArrayNode bytes = e.putArray("bytes");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) bytes.add(b & 0xff);
        return e;
    }

    static ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode u = JSON.createObjectNode();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completionTokens);
        u.put("total_tokens", promptTokens + completionTokens);
        return u;
    }

    static ObjectNode models(ServedModel model, long created) {
        ObjectNode o = JSON.createObjectNode();
        o.put("object", "list");
        ObjectNode m = o.putArray("data").addObject();
        m.put("id", model.name());
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "reason4j");
        m.put("root", model.name());
        m.putNull("parent");
        // vLLM's field: the context a client may fill, prompt included (our RemoteEngine reads it).
        m.put("max_model_len", model.contextLimit());
        return o;
    }

    static ObjectNode error(ApiException e) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode err = o.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.type());
        err.put("param", e.param());
        err.put("code", e.status());
        return o;
    }
}
