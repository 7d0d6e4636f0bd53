package io.reason4j.rl;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reason4j.rollout.RolloutOptions;
import java.util.List;

/**
 * Section {@code sampling}: how rollouts are drawn (methods.md, "Sampling-side techniques").
 *
 * @param groupSize          G, responses per prompt. Default 8 (reported 16; scaled down).
 * @param promptsPerStep     prompts per RL step (the rollout batch). Default 16 (DAPO reports 512).
 * @param maxResponseLength  L_max, tokens per response, also the normaliser of seq-mean-token-sum-norm.
 *                           Default 128 (reported 16384; scaled down).
 * @param temperature        sampling temperature. Default 1.0 (DAPO, verl).
 * @param topP               nucleus sampling. Default 1.0 (no truncation: the rollout is the policy).
 * @param dynamicSampling    DAPO's dynamic sampling: drop groups whose responses are all correct or all
 *                           wrong (by the verifier, whatever the other reward terms add) and sample more
 *                           prompts until the batch is full. Default false.
 * @param maxSamplingRounds  with dynamic sampling, the generation rounds after which a step stops with a
 *                           clear message rather than loop forever. Default 4.
 * @param tools              none, or python (the code interpreter in the loop, ReTool). Default none.
 * @param maxToolCalls       tool calls per response. Default 4.
 * @param toolFormat         how calls and results are written: xml ({@code <code>…</code>} then
 *                           {@code <interpreter>…</interpreter>}, ReTool's), fenced ({@code ```python} then
 *                           {@code ```output}), or hermes (chat tool calls, {@code <tool_call>{…}</tool_call>}
 *                           and a tool turn rendered by the model's chat template, which also lists the
 *                           tool as {@code tools} in every prompt: Qwen2.5/Qwen3, verl's tool agent loop).
 *                           Default xml.
 * @param maxOutputChars     interpreter output is cut to about this many characters, head and tail kept.
 *                           Default 1024.
 */
public record SamplingConfig(
        @JsonProperty("group_size") int groupSize,
        @JsonProperty("prompts_per_step") int promptsPerStep,
        @JsonProperty("max_response_length") int maxResponseLength,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("top_p") double topP,
        @JsonProperty("dynamic_sampling") boolean dynamicSampling,
        @JsonProperty("max_sampling_rounds") int maxSamplingRounds,
        @JsonProperty("tools") String tools,
        @JsonProperty("max_tool_calls") int maxToolCalls,
        @JsonProperty("tool_format") String toolFormat,
        @JsonProperty("max_output_chars") int maxOutputChars) {

    public static final List<String> TOOLS = List.of("none", "python");
    public static final List<String> TOOL_FORMATS = List.of("xml", "fenced", "hermes");

    public SamplingConfig {
        ConfigValueException.atLeast("group_size", groupSize, 1);
        ConfigValueException.atLeast("prompts_per_step", promptsPerStep, 1);
        ConfigValueException.atLeast("max_response_length", maxResponseLength, 1);
        ConfigValueException.inRange("temperature", temperature, 0, 10);
        if (!(topP > 0 && topP <= 1)) throw new ConfigValueException("top_p", "is " + topP + "; allowed: a number in (0, 1]");
        ConfigValueException.atLeast("max_sampling_rounds", maxSamplingRounds, 1);
        ConfigValueException.oneOf("tools", tools, TOOLS);
        ConfigValueException.atLeast("max_tool_calls", maxToolCalls, 0);
        ConfigValueException.oneOf("tool_format", toolFormat, TOOL_FORMATS);
        ConfigValueException.atLeast("max_output_chars", maxOutputChars, 0);
    }

    /** This section with another {@code tools}. */
    public SamplingConfig withTools(String t) {
        return new SamplingConfig(groupSize, promptsPerStep, maxResponseLength, temperature, topP, dynamicSampling, maxSamplingRounds, t,
                maxToolCalls, toolFormat, maxOutputChars);
    }

    public static SamplingConfig defaults() {
        return new SamplingConfig(8, 16, 128, 1.0, 1.0, false, 4, "none", 4, "xml", RolloutOptions.DEFAULT_MAX_OUTPUT_CHARS);
    }
}
