package io.reason4j.data;

/** A prompt dataset split into problems to train on and problems held out to evaluate on. */
public record PromptSplit(PromptDataset train, PromptDataset eval) {
}
