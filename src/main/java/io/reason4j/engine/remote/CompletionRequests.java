package io.reason4j.engine.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.SamplingParams;
import io.reason4j.text.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * Request bodies for {@code /v1/completions} and {@code /v1/chat/completions} from our
 * {@link SamplingParams}, with vLLM's extensions so that the server samples as the local engine does
 * and answers with what a trainer needs: the sampled token ids ({@code return_tokens_as_token_ids})
 * and their log-probabilities. Servers ignore extensions they do not know (vLLM and SGLang do).
 */
final class CompletionRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompletionRequests() {
    }

    /** A completion of a token-id prompt (vLLM accepts an array of ids as {@code prompt}). */
    static ObjectNode completion(String model, int[] promptIds, SamplingParams p, int n, int maxTokens) {
        ObjectNode o = common(model, p, n, maxTokens, true);
        ArrayNode prompt = o.putArray("prompt");
        for (int id : promptIds) prompt.add(id);
        o.put("logprobs", 0); // the sampled token's log-probability, no alternatives
        o.put("skip_special_tokens", false); // the text is the ids' text, EOS included, as our engine's
        return o;
    }

    static ObjectNode completion(String model, String prompt, SamplingParams p, int n, int maxTokens) {
        ObjectNode o = common(model, p, n, maxTokens, false);
        o.put("prompt", prompt);
        o.put("logprobs", 0);
        o.put("skip_special_tokens", false);
        return o;
    }

    static ObjectNode chat(String model, List<ChatMessage> messages, SamplingParams p, int n, int maxTokens) {
        ObjectNode o = common(model, p, n, maxTokens, false);
        ArrayNode array = o.putArray("messages");
        for (ChatMessage m : messages) {
            ObjectNode message = array.addObject();
            message.put("role", m.role());
            message.put("content", m.content());
            for (Map.Entry<String, Object> e : m.extra().entrySet()) message.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
        o.put("logprobs", true);
        o.put("top_logprobs", 0);
        return o;
    }

    /**
     * @param exactStops the stop tokens are exactly {@code p.stopTokenIds()}, none when it is empty (token
     *                   level, as our engine); else an empty set leaves the server's own EOS tokens on
     */
    private static ObjectNode common(String model, SamplingParams p, int n, int maxTokens, boolean exactStops) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", model);
        o.put("n", n);
        o.put("max_tokens", maxTokens);
        o.put("temperature", p.temperature());
        o.put("top_p", p.topP());
        // Older vLLM refuses top_k 0 (it wants -1 for "off"): leave it out unless it is on.
        if (p.topK() > 0) o.put("top_k", p.topK());
        o.put("seed", p.seed());
        if (!p.stopStrings().isEmpty()) {
            ArrayNode stops = o.putArray("stop");
            p.stopStrings().forEach(stops::add);
        }
        if (exactStops || !p.stopTokenIds().isEmpty()) {
            // Our stop tokens are the whole set (the caller put EOS in it or chose not to): the
            // server's own EOS must not stop it on top of them.
            ArrayNode ids = o.putArray("stop_token_ids");
            p.stopTokenIds().stream().sorted().forEach(ids::add);
            o.put("ignore_eos", true);
        }
        o.put("return_tokens_as_token_ids", true);
        // The tokens that matched a stop string are in the output, so its text must show it too (our engine keeps both).
        o.put("include_stop_str_in_output", true);
        return o;
    }
}
