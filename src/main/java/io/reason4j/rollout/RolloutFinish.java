package io.reason4j.rollout;

import java.util.Locale;

/** Why a trajectory ended. */
public enum RolloutFinish {
    /** The model ended its answer: it sampled a stop token (EOS, the end of its turn). */
    STOP,
    /** The response length limit or the model's context was reached. */
    LENGTH,
    /**
     * The model closed one more tool call than allowed; the call was not run. verl's agent loop ends
     * a rollout the same way when it reaches its maximum number of turns.
     */
    TOOL_LIMIT;

    /** The name JSON output uses: {@code stop}, {@code length}, {@code tool_limit}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
