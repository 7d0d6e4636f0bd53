package io.reason4j.data;

/** A dataset split into examples to train on and examples held out to evaluate on. */
public record SftSplit(SftDataset train, SftDataset eval) {
}
