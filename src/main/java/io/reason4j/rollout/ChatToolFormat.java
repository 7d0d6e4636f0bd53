package io.reason4j.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.TextFormatException;
import io.reason4j.tool.Tool;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tool calls as chat messages: the model writes a call the way its chat template renders an
 * assistant message's {@code tool_calls} (Hermes / Qwen2.5 / Qwen3: {@code <tool_call>{"name": …,
 * "arguments": {…}}</tool_call>}), and the result is inserted the way the template renders the
 * following {@code role: tool} message and the next assistant header. What is inserted is
 * rendered by the template itself (what verl's tool agent loop does with
 * {@code apply_chat_template}), so a trajectory and the chat conversation it stands for render to
 * the same text: when the template renders calls and results with the inline markers, this format
 * and {@link InlineToolFormat} give the same tokens and masks.
 *
 * <p>How the inserted text is found: render a probe conversation ending in the assistant's call,
 * and the same with the tool message and the generation prompt; the inserted text is what the
 * second adds after the end of the call ({@code callClose}) in the first. Everything after the
 * call, the end-of-turn token included, is inserted by the system (mask 0), as in the inline format.
 *
 * @param template  the model's chat template
 * @param variables extra template variables, e.g. {@code tools}
 * @param callOpen  the text that opens a call in the rendered assistant message
 * @param callClose the text that closes it; generation pauses there
 */
public record ChatToolFormat(ChatTemplate template, Map<String, ?> variables, String callOpen, String callClose)
        implements ToolFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hermes-style markers, as Qwen2.5 and Qwen3 templates render tool calls. */
    public static ChatToolFormat hermes(ChatTemplate template, Map<String, ?> variables) {
        return new ChatToolFormat(template, variables, "<tool_call>", "</tool_call>");
    }

    /** The tool definitions a chat template lists as {@code tools} (OpenAI's function-calling shape). */
    public static List<Map<String, Object>> toolDefinitions(Tool tool) {
        return List.of(Map.of("type", "function", "function",
                Map.of("name", tool.name(), "description", tool.description(), "parameters", tool.parameters())));
    }

    public ChatToolFormat {
        variables = Map.copyOf(variables);
        if (callOpen.isEmpty() || callClose.isEmpty()) throw new IllegalArgumentException("call markers must not be empty");
    }

    /** Renders one probe result, so that a template that cannot render tool results is refused before generating. */
    public ChatToolFormat checked() {
        resultText(ToolCall.code("python", "print(1)"), "1\n");
        return this;
    }

    @Override
    public List<String> callEnds() {
        return List.of(callClose);
    }

    /**
     * The body between the markers is a JSON object with {@code name} and {@code arguments}; the
     * tool takes its input from the arguments. A template that writes the code itself between the
     * markers (not JSON) gives the body as the code. Anything malformed is an error the model reads.
     */
    @Override
    public Optional<ToolCall> callAtEnd(String text, Tool tool) {
        return CodeBlock.last(text, callOpen, callClose).map(body -> parse(body.strip(), tool));
    }

    private static ToolCall parse(String body, Tool tool) {
        if (!body.startsWith("{")) return ToolCall.code(tool.name(), CodeBlock.withoutFences(body));
        Map<String, Object> call;
        try {
            call = JSON.readValue(body, new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            return ToolCall.malformed(tool.name(), "the tool call is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (!(call.get("arguments") instanceof Map<?, ?> raw)) {
            return ToolCall.malformed(tool.name(), "the tool call needs an \"arguments\" object", null);
        }
        @SuppressWarnings("unchecked") Map<String, Object> arguments = (Map<String, Object>) raw;
        if (!tool.name().equals(call.get("name"))) {
            return ToolCall.malformed(tool.name(), "there is no tool named " + call.get("name") + "; use \"" + tool.name() + "\"", arguments);
        }
        try {
            return new ToolCall(tool.name(), tool.inputFromArguments(arguments), null, arguments);
        } catch (IllegalArgumentException e) {
            return ToolCall.malformed(tool.name(), e.getMessage(), arguments);
        }
    }

    @Override
    public String resultText(ToolCall call, String output) {
        Map<String, Object> arguments = call.arguments() != null ? call.arguments() : Map.of("code", call.input() == null ? "" : call.input());
        ChatMessage user = ChatMessage.user("?");
        ChatMessage assistant = new ChatMessage("assistant", "", Map.of("tool_calls", List.of(Map.of("type", "function",
                "function", Map.of("name", call.name(), "arguments", arguments)))));
        String before = template.render(List.of(user, assistant), false, variables);
        String after = template.render(List.of(user, assistant, new ChatMessage("tool", output)), true, variables);
        int end = before.lastIndexOf(callClose);
        if (end < 0 || !after.startsWith(before.substring(0, end + callClose.length()))) {
            throw new TextFormatException("the chat template does not render a tool call ending in '" + callClose
                    + "' followed by the tool's result, so tool results cannot be inserted through it;"
                    + " use an inline tool format (xml or fenced) with this model");
        }
        return after.substring(end + callClose.length());
    }
}
