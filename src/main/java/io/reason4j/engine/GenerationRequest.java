package io.reason4j.engine;

/** One completion to produce: a prompt as token ids and how to sample. */
public record GenerationRequest(int[] promptIds, SamplingParams params) {}
