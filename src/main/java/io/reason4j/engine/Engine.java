package io.reason4j.engine;

import java.util.List;

/**
 * Something that completes prompts: the local Java engine, or a remote OpenAI-compatible server.
 * Two ways in: {@link #generate} for independent one-turn requests (batched as the engine sees
 * fit), and {@link #newBatch} for live sequences that are continued with appended tokens between
 * turns (the rollout's tool calls and budget forcing).
 */
public interface Engine extends AutoCloseable {
    List<Completion> generate(List<GenerationRequest> requests);

    /** An empty batch of live sequences; the caller closes it. */
    LiveBatch newBatch();

    @Override
    default void close() {}
}
