package io.reason4j.engine;

/** Why a turn of generation ended; the names are those of OpenAI-compatible APIs. */
public enum FinishReason {
    /** A stop token or stop string was produced. */
    STOP,
    /** max_new_tokens was reached, or the model's context is full. */
    LENGTH;

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
