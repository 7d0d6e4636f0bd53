package io.reason4j.cli;

import io.reason4j.engine.remote.RemoteOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of a command that can run on a remote OpenAI-compatible engine (vLLM, SGLang,
 * {@code reason4j serve}) given with {@code --endpoint URL[,URL...]} instead of a local model
 * directory (docs/serving.md).
 */
final class RemoteFlags {
    @Option(names = "--tokenizer", description = "with --endpoint: the served model's directory with tokenizer.json and its chat template"
            + " (prompts go to the server as token ids; its answers come back as token ids)") Path tokenizer;
    @Option(names = "--served-model", description = "with --endpoint: the model name to request (default: the one the server lists)") String servedModel;
    @Option(names = "--api-key", defaultValue = "${env:OPENAI_API_KEY}", description = "with --endpoint: sent as a bearer token"
            + " (default: $OPENAI_API_KEY)") String apiKey;
    @Option(names = "--max-attempts", defaultValue = "" + RemoteOptions.DEFAULT_MAX_ATTEMPTS, description = "with --endpoint: tries per"
            + " request; connection errors, 429 and 5xx are retried with exponential backoff (default ${DEFAULT-VALUE})") int maxAttempts;
    @Option(names = "--request-timeout", defaultValue = "600", description = "with --endpoint: seconds one request may take (default ${DEFAULT-VALUE})") int timeoutSeconds;
    @Option(names = "--concurrency", defaultValue = "" + RemoteOptions.DEFAULT_MAX_CONCURRENCY, description = "with --endpoint: requests in"
            + " flight at most, over all endpoints (default ${DEFAULT-VALUE})") int concurrency;
    @Option(names = "--context-length", defaultValue = "0", description = "with --endpoint: the model's context in tokens (default: the"
            + " server's max_model_len)") int contextLength;

    RemoteOptions options(String endpoints) {
        if (timeoutSeconds < 1) throw new UserInputException("--request-timeout must be at least 1 second, got " + timeoutSeconds);
        RemoteOptions o = RemoteOptions.of(endpoints);
        return o.withModel(servedModel).withRetries(maxAttempts, o.initialBackoff()).withRequestTimeout(Duration.ofSeconds(timeoutSeconds))
                .withMaxConcurrency(concurrency).withContextLimit(contextLength).withApiKey(apiKey == null || apiKey.isBlank() ? null : apiKey);
    }
}
