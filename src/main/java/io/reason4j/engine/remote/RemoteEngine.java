package io.reason4j.engine.remote;

import io.reason4j.engine.Completion;
import io.reason4j.engine.Engine;
import io.reason4j.engine.FinishReason;
import io.reason4j.engine.GenerationRequest;
import io.reason4j.engine.LiveBatch;
import io.reason4j.engine.SamplingParams;
import io.reason4j.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link Engine} over OpenAI-compatible servers (vLLM, SGLang, {@code reason4j serve}): every
 * turn of every sequence is one {@code /v1/completions} request whose prompt is the sequence's token
 * ids so far, sent concurrently (the servers batch them). Between turns the token bookkeeping stays
 * here ({@link RemoteBatch}), so tool calls and budget forcing work as with the local engine, by
 * sending the accumulated ids as the next prompt, as the s1 reference implementation does with
 * vLLM; a server with prefix caching reuses the shared prefix.
 *
 * <p>Same results as the local engine: greedy turns give the same tokens. A sampled first turn
 * gives the same tokens when the server is {@code reason4j serve} (the seed is passed through); later
 * turns are seeded per turn ({@link RemoteBatch}), so they differ from the local engine's single
 * stream per sequence.
 */
public final class RemoteEngine implements Engine {
    private final OpenAiClient client;
    private final String model;
    private final int contextLimit;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean warnedRetokenized = new AtomicBoolean();

    private RemoteEngine(OpenAiClient client, String model, int contextLimit) {
        this.client = client;
        this.model = model;
        this.contextLimit = contextLimit;
    }

    /**
     * Connects to the endpoints: the model name and context limit come from the options or, where
     * they leave them open, from the first server's {@code /v1/models}.
     *
     * @param tokenizer the served model's tokenizer: texts of completions, and re-tokenizing the text
     *                  of a server that sends no token ids; may be null for servers that do (vLLM)
     * @throws RemoteEngineException when the server cannot be reached or does not say what is missing
     */
    public static RemoteEngine connect(RemoteOptions options, Tokenizer tokenizer) {
        OpenAiClient client = new OpenAiClient(options, tokenizer);
        try {
            String model = options.model();
            int context = options.contextLimit();
            if (model == null || context == 0) {
                List<OpenAiClient.ServedModel> served = client.models();
                if (served.isEmpty()) throw new RemoteEngineException(client.options().endpoints().getFirst() + OpenAiClient.MODELS + " lists no model");
                OpenAiClient.ServedModel chosen;
                if (model == null) {
                    if (served.size() > 1) {
                        throw new RemoteEngineException(options.endpoints().getFirst() + " serves " + served.size() + " models ("
                                + String.join(", ", served.stream().map(OpenAiClient.ServedModel::id).toList()) + "): name the one to use");
                    }
                    chosen = served.getFirst();
                    model = chosen.id();
                } else {
                    String name = model;
                    chosen = served.stream().filter(m -> m.id().equals(name)).findFirst().orElseThrow(() -> new RemoteEngineException(
                            options.endpoints().getFirst() + " does not serve model '" + name + "'; it serves "
                                    + String.join(", ", served.stream().map(OpenAiClient.ServedModel::id).toList())));
                }
                if (context == 0) context = chosen.maxModelLen();
                if (context == 0) {
                    throw new RemoteEngineException(options.endpoints().getFirst() + OpenAiClient.MODELS
                            + " does not report max_model_len for '" + model + "': give the model's context length");
                }
            }
            return new RemoteEngine(client, model, context);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public OpenAiClient client() {
        return client;
    }

    /** The model name sent with every request. */
    public String model() {
        return model;
    }

    /** The most tokens a sequence may hold, prompt included. */
    public int contextLimit() {
        return contextLimit;
    }

    /** One request per prompt, all in flight together; a failure of any is thrown once all have ended. */
    @Override
    public List<Completion> generate(List<GenerationRequest> requests) {
        List<Future<Completion>> futures = new ArrayList<>();
        for (GenerationRequest r : requests) futures.add(this.requests.submit(() -> complete(r.promptIds(), r.params())));
        List<Completion> out = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<Completion> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause() instanceof RuntimeException re ? re : new RemoteEngineException(e.getCause().toString(), e.getCause());
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                Thread.currentThread().interrupt();
                throw new RemoteEngineException("interrupted while waiting for remote completions", e);
            }
        }
        if (failure != null) throw failure;
        return out;
    }

    private Completion complete(int[] promptIds, SamplingParams params) {
        if (promptIds.length == 0) throw new IllegalArgumentException("a prompt needs at least one token");
        int max = Math.min(params.maxNewTokens(), contextLimit - promptIds.length);
        if (max <= 0) return new Completion(new int[0], new float[0], FinishReason.LENGTH, "");
        RemoteCompletion c = turn(promptIds, params, max);
        String text = client.tokenizer() != null ? client.tokenizer().decode(c.tokenIds(), false) : c.text();
        return new Completion(c.tokenIds(), c.logprobs(), c.finishReason(), text);
    }

    /** One request for one turn: a completion of {@code promptIds} with at most {@code maxTokens} new tokens. */
    RemoteCompletion turn(int[] promptIds, SamplingParams params, int maxTokens) {
        List<RemoteCompletion> choices = client.complete(model, promptIds, params, 1, maxTokens);
        if (choices.size() != 1) {
            throw new RemoteEngineException("malformed response from " + client.options().endpoints().getFirst() + OpenAiClient.COMPLETIONS
                    + ": asked for 1 choice, got " + choices.size());
        }
        RemoteCompletion c = choices.getFirst();
        if (!c.exactTokens() && warnedRetokenized.compareAndSet(false, true)) {
            System.err.println("warning: " + client.options().endpoints().getFirst() + " sends no token ids"
                    + " (return_tokens_as_token_ids): completions are re-tokenized locally, so ids may differ from"
                    + " what it sampled and log-probs may be missing (NaN); do not train on them");
        }
        return c;
    }

    ExecutorService executor() {
        return requests;
    }

    @Override
    public LiveBatch newBatch() {
        return new RemoteBatch(this);
    }

    @Override
    public void close() {
        requests.shutdownNow();
        client.close();
    }
}
