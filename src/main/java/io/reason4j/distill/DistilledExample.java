package io.reason4j.distill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.data.PromptExample;
import io.reason4j.data.task.TraceSegment;
import io.reason4j.eval.SampleResult;
import io.reason4j.text.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * One SFT line of a distilled dataset: a verified-correct teacher trace for a problem, in a format
 * {@code reason4j sft} reads (docs/data-formats.md), with the problem's id and the sample's
 * verification beside it, which SFT ignores and {@code reason4j select} reads.
 * <pre>
 * {"id": "train.jsonl:17", "data_source": "gsm8k", "ground_truth": "72", "answer": "72", "correct": true,
 *  "finish": "stop", "tokens": 412, "tool_calls": 1, "extra_info": {...},
 *  "prompt": [{"role": "user", "content": "..."}],
 *  "completion": [{"text": "...&lt;code&gt;print(6*12)&lt;/code&gt;", "train": true},
 *                 {"text": "&lt;interpreter&gt;\n72\n&lt;/interpreter&gt;\n", "train": false}, ...]}
 * </pre>
 * A trace with inserted text (interpreter output, s1's forced end of thinking or "Wait") is written
 * as segments, inserted text with {@code "train": false}: the student reads it but is not trained to
 * write it, as RL masks it (ReTool). A trace the teacher wrote all of is written as {@link PlainTraceFormat} says.
 */
public final class DistilledExample {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DistilledExample() {}

    /**
     * @param templateVariables the variables the teacher's prompt was rendered with; {@code tools}
     *                          (a chat tool format's definitions) is written as the line's {@code tools},
     *                          so SFT renders the prompt the teacher saw
     */
    public static ObjectNode line(PromptExample problem, SampleResult sample, PlainTraceFormat plain, Map<String, Object> templateVariables) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", problem.id());
        o.put("data_source", problem.dataSource());
        o.put("ground_truth", problem.groundTruth());
        o.put("answer", sample.answer());
        o.put("correct", sample.correct());
        o.put("finish", sample.finish());
        o.put("tokens", sample.tokens());
        o.put("tool_calls", sample.toolCalls());
        if (!problem.extraInfo().isEmpty()) o.set("extra_info", JSON.valueToTree(problem.extraInfo()));
        if (templateVariables.get("tools") != null) o.set("tools", JSON.valueToTree(templateVariables.get("tools")));
        ArrayNode prompt = messages(problem.prompt());
        if (sample.segments() != null) {
            o.set("prompt", prompt);
            ArrayNode completion = o.putArray("completion");
            for (TraceSegment s : sample.segments()) completion.addObject().put("text", s.text()).put("train", s.train());
        } else if (plain == PlainTraceFormat.MESSAGES) {
            prompt.addObject().put("role", "assistant").put("content", sample.response());
            o.set("messages", prompt);
        } else {
            o.set("prompt", prompt);
            o.put("completion", sample.response());
        }
        return o;
    }

    private static ArrayNode messages(List<ChatMessage> messages) {
        ArrayNode out = JSON.createArrayNode();
        for (ChatMessage m : messages) {
            ObjectNode o = out.addObject();
            o.put("role", m.role());
            o.put("content", m.content());
            m.extra().forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
        }
        return out;
    }
}
