package io.reason4j.cli;

import io.reason4j.engine.SamplingParams;
import io.reason4j.rollout.BudgetForcing;
import io.reason4j.rollout.ChatToolFormat;
import io.reason4j.rollout.InlineToolFormat;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.rollout.ToolFormat;
import io.reason4j.text.ChatTemplate;
import io.reason4j.tool.Tool;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of {@code reason4j generate} that turn sampling into a rollout: tool calls and s1 budget forcing. */
final class RolloutFlags {
    /** chat and hermes are one format: tool calls as the chat template renders them (a recipe's sampling.tool_format: hermes). */
    enum Format { xml, fenced, chat, hermes }

    @Option(names = "--tools", description = "tools the model may call: python (runs in the bubblewrap sandbox)") String tools;
    @Option(names = "--tool-format", defaultValue = "xml", description = "xml (<code>/<interpreter>), fenced (```python/```output)"
            + " or chat, also called hermes (tool_calls rendered through the chat template; needs --chat) (default ${DEFAULT-VALUE})") Format format;
    @Option(names = "--max-tool-calls", defaultValue = "" + RolloutOptions.DEFAULT_MAX_TOOL_CALLS,
            description = "calls run per response; one more ends it with finish reason tool_limit (default ${DEFAULT-VALUE})") int maxToolCalls;
    @Option(names = "--max-output-chars", defaultValue = "" + RolloutOptions.DEFAULT_MAX_OUTPUT_CHARS,
            description = "interpreter output is cut to about this many characters, head and tail kept (default ${DEFAULT-VALUE})") int maxOutputChars;
    @Option(names = "--max-thinking-tokens", defaultValue = "0", description = "s1 budget forcing: end thinking after N sampled tokens (0 = off)") int maxThinking;
    @Option(names = "--min-thinking-tokens", defaultValue = "0", description = "s1: suppress an end of thinking before N tokens (0 = off)") int minThinking;
    @Option(names = "--extend-with", defaultValue = "Wait", description = "inserted in place of a suppressed end of thinking (default ${DEFAULT-VALUE})") String extension;
    @Option(names = "--num-extend", split = ",", description = "suppress the end of thinking at most N times (default: 0, or unlimited with"
            + " --min-thinking-tokens); eval --budgets takes a list, e.g. 0,2,4") List<Integer> numExtend;
    @Option(names = "--end-of-thinking", defaultValue = "</think>", description = "the end-of-thinking delimiter (default ${DEFAULT-VALUE})") String endOfThinking;
    @Option(names = "--answer-prompt", defaultValue = "", description = "inserted after a forced end of thinking, e.g. 'Final Answer:'") String answerPrompt;

    /** Whether any of these options asks for a rollout rather than plain sampling. */
    boolean requested() {
        return tools != null || budget().active();
    }

    /** Checks the tool name before anything is started; the sandbox is started by the caller. */
    boolean wantsPython() {
        if (tools == null) return false;
        if (!tools.equals("python")) throw new UserInputException("--tools: unknown tool '" + tools + "'; the only tool is python");
        return true;
    }

    /** The chat template's extra variables for a prompt: a chat tool format lists the tool as {@code tools}, as the template expects. */
    Map<String, Object> promptVariables(Tool tool) {
        return tool != null && (format == Format.chat || format == Format.hermes) ? Map.of("tools", ChatToolFormat.toolDefinitions(tool)) : Map.of();
    }

    BudgetForcing budget() {
        if (numExtend != null && numExtend.size() > 1) {
            throw new UserInputException("--num-extend takes one value here (a list only with eval --budgets), got " + numExtend);
        }
        int n = numExtend != null ? numExtend.getFirst() : minThinking > 0 ? BudgetForcing.UNLIMITED : 0;
        return new BudgetForcing(endOfThinking, maxThinking, answerPrompt, minThinking, extension, n);
    }

    /** What the points of an eval --budgets sweep share: the delimiter, answer prompt, extension string and minimum. */
    BudgetForcing sweepShared() {
        return new BudgetForcing(endOfThinking, 0, answerPrompt, minThinking, extension, 0);
    }

    RolloutOptions options(SamplingParams sampling, int maxResponseTokens, ChatTemplate chatTemplate, Tool tool) {
        return options(sampling, maxResponseTokens, chatTemplate, tool, budget());
    }

    RolloutOptions options(SamplingParams sampling, int maxResponseTokens, ChatTemplate chatTemplate, Tool tool, BudgetForcing budget) {
        ToolFormat f = switch (format) {
            case xml -> InlineToolFormat.XML;
            case fenced -> InlineToolFormat.FENCED;
            case chat, hermes -> {
                if (chatTemplate == null) throw new UserInputException("--tool-format chat needs --chat and a chat template");
                yield ChatToolFormat.hermes(chatTemplate, tool == null ? Map.of() : Map.of("tools", ChatToolFormat.toolDefinitions(tool))).checked();
            }
        };
        return new RolloutOptions(sampling, maxResponseTokens, f, maxToolCalls, maxOutputChars, budget);
    }
}
