package io.reason4j.rollout;

import java.util.ArrayList;
import java.util.List;

/** The rollout's bookkeeping for one sequence of the batch while it is generated. */
final class LiveResponse {
    final int index;
    final RolloutRequest request;
    final List<ToolCallRecord> calls = new ArrayList<>();
    /** Token position where the model's current text began: after the last insertion. Calls are read from there. */
    int segmentStart;
    /** In the thinking segment (budget forcing only). */
    boolean thinking;
    int thinkingTokens;
    int extensions;
    /** A tool call of this sequence is running. */
    boolean waiting;
    /** Set when the trajectory is finished. */
    Trajectory trajectory;

    LiveResponse(int index, RolloutRequest request, boolean thinking) {
        this.index = index;
        this.request = request;
        this.segmentStart = request.promptIds().length;
        this.thinking = thinking;
    }

    int promptLength() {
        return request.promptIds().length;
    }

    /** Neither finished nor waiting for a tool: its turn is running. */
    boolean generating() {
        return trajectory == null && !waiting;
    }
}
