package io.reason4j.engine;

/**
 * Sequences that stay live between turns, for multi-turn generation (tool calls, budget forcing):
 * a turn is generated, something outside looks at it, appends tokens the model did not sample (a
 * tool's output, a forced delimiter) or drops the tail of the turn, and the sequence resumes with
 * its cached prefix. Sequences are independent: while one waits between turns, the others keep
 * decoding on {@link #step}.
 *
 * <p>Token positions count from the start of the prompt. Not thread-safe: one thread drives a batch.
 */
public interface LiveBatch extends AutoCloseable {

    /** Adds a sequence with its prompt and opens its first turn; returns its index. */
    int add(int[] promptIds, SamplingParams params);

    /**
     * Advances the sequences whose turn is running (the local engine: one token each) and returns
     * false when no turn was running.
     */
    boolean step();

    /** Runs {@link #step} until every turn has ended. */
    default void run() {
        while (step()) {
            // each step decodes one token of every running turn
        }
    }

    /**
     * Appends given tokens (not sampled, no log-probability) to a sequence whose turn has ended and
     * opens a new turn with {@code params}; an empty {@code given} just resumes.
     */
    void append(int index, int[] given, SamplingParams params);

    /** Drops a stopped sequence's tokens from {@code length} on, the cached ones included. */
    void truncate(int index, int length);

    /** All tokens of a sequence: prompt, sampled and appended. */
    int[] tokens(int index);

    /** Per token: whether the model sampled it (true) or it was given (prompt, appended). */
    boolean[] sampledMask(int index);

    /** Per token: the log-probability of a sampled token, NaN for given tokens. */
    float[] logprobs(int index);

    /** Where the latest turn began: its tokens are {@code tokens(index)[turnStart ..]}. */
    int turnStart(int index);

    /** Why the latest turn ended, or null while it runs. */
    FinishReason finishReason(int index);

    /** The stop string that ended the latest turn, or null (a stop token or a length limit ended it). */
    String matchedStop(int index);

    /** The most tokens a sequence may hold (prompt included): the model's context. */
    int contextLimit();

    @Override
    void close();
}
