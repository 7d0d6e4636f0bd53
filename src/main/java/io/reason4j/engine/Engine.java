package io.reason4j.engine;

import java.util.List;

/**
 * Something that completes prompts: the local Java engine, or a remote OpenAI-compatible server.
 * Requests are independent; implementations batch them as they see fit.
 */
public interface Engine extends AutoCloseable {
    List<Completion> generate(List<GenerationRequest> requests);

    @Override
    default void close() {}
}
