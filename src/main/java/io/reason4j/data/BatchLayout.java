package io.reason4j.data;

/** How examples are laid out in the rows of a {@link io.reason4j.model.TokenBatch}. */
public enum BatchLayout {

    /**
     * Several examples per row, one after another, packed by best-fit decreasing (TRL's
     * {@code packing=True, packing_strategy="bfd"}). Positions restart at 0 for each example, so no
     * token attends across examples; little padding.
     */
    PACKED,

    /**
     * One example per row, padded to the batch's longest; examples of similar length are batched
     * together to waste little padding (transformers' {@code group_by_length}).
     */
    PADDED
}
