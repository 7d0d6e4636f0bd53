package io.reason4j.rollout;

import io.reason4j.tool.Tool;
import java.util.List;
import java.util.Optional;

/**
 * Tool calls written inline in the model's text between two markers, and the result inserted
 * between two others: ReTool's {@code <code>…</code>} / {@code <interpreter>…</interpreter>}, or
 * Markdown fences {@code ```python … ```} / {@code ```output … ```} (the tool-integrated format of
 * Qwen2.5-Math and ToRA).
 *
 * @param codeOpen    text that opens a call
 * @param codeClose   text that closes it (generation pauses there)
 * @param outputOpen  inserted before the output
 * @param outputClose inserted after the output (which gets a final newline if it lacks one)
 */
public record InlineToolFormat(String codeOpen, String codeClose, String outputOpen, String outputClose) implements ToolFormat {

    /** ReTool's markers; the code inside may itself be fenced, as in ReTool's cold-start data. */
    public static final InlineToolFormat XML = new InlineToolFormat("<code>", "</code>", "<interpreter>\n", "</interpreter>\n");

    /** Markdown fences. The closing fence is also the start of the opening one: {@link #callAtEnd} tells them apart. */
    public static final InlineToolFormat FENCED = new InlineToolFormat("```python", "```", "```output\n", "```\n");

    public InlineToolFormat {
        if (codeOpen.isEmpty() || codeClose.isEmpty()) throw new IllegalArgumentException("code markers must not be empty");
    }

    @Override
    public List<String> callEnds() {
        return List.of(codeClose);
    }

    @Override
    public Optional<ToolCall> callAtEnd(String text, Tool tool) {
        return CodeBlock.last(text, codeOpen, codeClose).map(code -> ToolCall.code(tool.name(), CodeBlock.withoutFences(code)));
    }

    @Override
    public String resultText(ToolCall call, String output) {
        return outputOpen + withFinalNewline(output) + outputClose;
    }

    static String withFinalNewline(String output) {
        return output.isEmpty() || output.endsWith("\n") ? output : output + "\n";
    }
}
