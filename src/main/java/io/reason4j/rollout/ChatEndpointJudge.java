package io.reason4j.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.remote.OpenAiClient;
import io.reason4j.engine.remote.RemoteEngineException;
import io.reason4j.engine.remote.RemoteOptions;
import io.reason4j.reward.JudgeModel;

/**
 * A judge served over the OpenAI chat API (vLLM, SGLang, {@code reason4j serve}, any hosted model):
 * the judge prompt as one user message, answered greedily ({@code temperature 0}) so a verdict does
 * not depend on a seed; the server renders its own chat template, so no tokenizer is needed here.
 * Endpoints are balanced and retried as for rollouts ({@link RemoteOptions}).
 */
public final class ChatEndpointJudge implements JudgeModel, AutoCloseable {
    private final OpenAiClient client;
    private final String model;
    private final int maxTokens;

    /** @param model the served model's name; null asks the first endpoint's {@code /v1/models} */
    public ChatEndpointJudge(RemoteOptions options, String model, int maxTokens) {
        if (maxTokens < 1) throw new IllegalArgumentException("the judge needs at least 1 new token, got " + maxTokens);
        this.client = new OpenAiClient(options, null);
        this.model = model != null ? model : client.models().stream().findFirst().map(OpenAiClient.ServedModel::id)
                .orElseThrow(() -> new RemoteEngineException("the judge endpoint lists no model at " + OpenAiClient.MODELS));
        this.maxTokens = maxTokens;
    }

    @Override
    public String complete(String prompt) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", model).put("temperature", 0.0).put("max_tokens", maxTokens);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        JsonNode content = client.post(OpenAiClient.CHAT_COMPLETIONS, body).path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) throw new RemoteEngineException("the judge endpoint's answer has no choices[0].message.content");
        return content.asText();
    }

    @Override
    public void close() {
        client.close();
    }
}
