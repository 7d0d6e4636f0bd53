package io.reason4j.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.reason4j.engine.SamplingParams;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.Tokenizer;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A client of OpenAI-compatible servers (vLLM, SGLang, {@code reason4j serve}), over one or more
 * endpoints ({@link RemoteOptions}: balancing, retries, timeouts, bounded concurrency). Typed calls
 * for what reason4j needs (completions of token-id or text prompts, chat completions, the served
 * model), and raw JSON calls ({@link #post}, {@link #stream}) for everything else. Thread-safe;
 * calls block, so run many on virtual threads.
 */
public final class OpenAiClient implements AutoCloseable {
    public static final String COMPLETIONS = "/v1/completions";
    public static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    public static final String MODELS = "/v1/models";

    /** What {@code /v1/models} says of a model: its id and, when the server tells, its context in tokens (else 0). */
    public record ServedModel(String id, int maxModelLen) {}

    private final RemoteOptions options;
    private final EndpointPool pool;
    private final Tokenizer tokenizer;
    private final CompletionParser completionParser;
    private final CompletionParser chatParser;

    /** @param tokenizer re-tokenizes texts of servers that send no token ids; null: such a server is an error */
    public OpenAiClient(RemoteOptions options, Tokenizer tokenizer) {
        this.options = options;
        this.pool = new EndpointPool(options);
        this.tokenizer = tokenizer;
        this.completionParser = new CompletionParser(tokenizer, pool.url(COMPLETIONS));
        this.chatParser = new CompletionParser(tokenizer, pool.url(CHAT_COMPLETIONS));
    }

    public RemoteOptions options() {
        return options;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The models a server lists at {@code /v1/models}, with vLLM's {@code max_model_len} where present. */
    public List<ServedModel> models() {
        JsonNode body = pool.get(MODELS);
        JsonNode data = body.get("data");
        String where = "malformed response from " + pool.url(MODELS) + ": ";
        if (data == null || !data.isArray()) throw new RemoteEngineException(where + "data is missing or not an array");
        List<ServedModel> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode id = data.get(i).get("id");
            if (id == null || !id.isTextual()) throw new RemoteEngineException(where + "data[" + i + "].id is missing or not a string");
            JsonNode len = data.get(i).get("max_model_len");
            out.add(new ServedModel(id.asText(), len != null && len.canConvertToInt() ? len.asInt() : 0));
        }
        return out;
    }

    /**
     * Completions of a token-id prompt: {@code n} choices with token ids and log-probs. Token level,
     * as our engine: the turn stops on exactly {@code params.stopTokenIds()} (none when empty; the
     * server's EOS is ignored unless it is in the set).
     *
     * @param maxTokens tokens to generate at most (the caller fits it into the context)
     */
    public List<RemoteCompletion> complete(String model, int[] promptIds, SamplingParams params, int n, int maxTokens) {
        return completionParser.completions(pool.post(COMPLETIONS, CompletionRequests.completion(model, promptIds, params, n, maxTokens)));
    }

    /**
     * Completions of a text prompt, which the server tokenizes. An empty {@code params.stopTokenIds()}
     * leaves the server's own EOS tokens on; a non-empty one replaces them.
     */
    public List<RemoteCompletion> complete(String model, String prompt, SamplingParams params, int n, int maxTokens) {
        return completionParser.completions(pool.post(COMPLETIONS, CompletionRequests.completion(model, prompt, params, n, maxTokens)));
    }

    /**
     * Chat completions: the server renders the messages with its model's chat template. Stop tokens
     * as for text prompts: an empty set means the server's own EOS tokens.
     */
    public List<RemoteCompletion> chat(String model, List<ChatMessage> messages, SamplingParams params, int n, int maxTokens) {
        return chatParser.chat(pool.post(CHAT_COMPLETIONS, CompletionRequests.chat(model, messages, params, n, maxTokens)));
    }

    /** Any JSON call (balanced and retried like the others); the response body as JSON. */
    public JsonNode post(String path, JsonNode body) {
        return pool.post(path, body);
    }

    /**
     * A streamed call ({@code "stream": true} in the body): each server-sent event's JSON goes to
     * {@code onEvent} as it arrives, until {@code data: [DONE]}. An error event is thrown.
     */
    public void stream(String path, JsonNode body, Consumer<JsonNode> onEvent) {
        pool.send(path, body, (HttpResponse<Stream<String>> r) -> {
            try (Stream<String> lines = r.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (!line.startsWith("data:")) continue;
                    String data = line.substring(5).strip();
                    if (data.equals("[DONE]")) break;
                    JsonNode event = EndpointPool.parse(data, r.uri());
                    JsonNode error = event.path("error");
                    if (error.isObject()) {
                        throw new RemoteEngineException(r.uri() + " sent an error in its stream: " + error.path("message").asText(error.toString()));
                    }
                    onEvent.accept(event);
                }
            } catch (UncheckedIOException e) {
                throw new RemoteEngineException("the stream from " + r.uri() + " broke off: " + EndpointPool.describe(e), e);
            }
            return null;
        }, HttpResponse.BodyHandlers.ofLines());
    }

    @Override
    public void close() {
        pool.close();
    }
}
