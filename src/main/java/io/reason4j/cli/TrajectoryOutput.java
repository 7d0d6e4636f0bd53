package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.rollout.ToolCallRecord;
import io.reason4j.rollout.Trajectory;
import io.reason4j.text.Tokenizer;
import java.io.PrintStream;
import java.util.List;

/** Prints rollouts: the transcript as text, or one JSON line per trajectory (docs/rollouts.md lists the fields). */
final class TrajectoryOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrajectoryOutput() {}

    static void print(List<Trajectory> trajectories, Tokenizer tokenizer, boolean json, PrintStream out) throws Exception {
        for (int i = 0; i < trajectories.size(); i++) {
            Trajectory t = trajectories.get(i);
            if (json) {
                out.println(JSON.writeValueAsString(toJson(i, t, tokenizer)));
            } else {
                if (trajectories.size() > 1) {
                    out.printf("--- trajectory %d (%d tokens, %d tool calls, %s)%n", i + 1, t.responseIds().length,
                            t.toolCalls().size(), t.finishReason().apiName());
                }
                out.println(tokenizer.decode(t.responseIds(), false));
            }
        }
    }

    static ObjectNode toJson(int index, Trajectory t, Tokenizer tokenizer) {
        ObjectNode o = JSON.createObjectNode();
        o.put("index", index);
        o.put("group_id", t.groupId());
        o.put("text", tokenizer.decode(t.responseIds(), false));
        o.set("prompt_ids", JSON.valueToTree(t.promptIds()));
        o.set("response_ids", JSON.valueToTree(t.responseIds()));
        o.set("loss_mask", JSON.valueToTree(t.lossMask()));
        o.set("logprobs", JSON.valueToTree(t.logprobs()));
        o.put("finish_reason", t.finishReason().apiName());
        ArrayNode calls = o.putArray("tool_calls");
        for (ToolCallRecord c : t.toolCalls()) {
            ObjectNode call = calls.addObject();
            call.put("code", c.input());
            call.put("output", c.output());
            call.put("status", c.status().wireName());
            call.put("wall_ms", c.wallMillis());
            call.put("position", c.position());
            call.put("inserted_tokens", c.insertedTokens());
        }
        o.put("thinking_tokens", t.thinkingTokens());
        o.put("extensions", t.extensions());
        return o;
    }
}
