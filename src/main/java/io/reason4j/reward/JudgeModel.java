package io.reason4j.reward;

/**
 * A model that completes a prompt: the only thing the model-based verifier needs from an engine, so
 * any engine (local, remote, a test double) can judge without this package depending on one.
 */
@FunctionalInterface
public interface JudgeModel {
    String complete(String prompt);
}
