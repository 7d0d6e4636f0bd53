package io.reason4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.reward.VerifierSettings;
import io.reason4j.rollout.BudgetForcing;
import io.reason4j.rollout.RolloutOptions;
import java.util.List;

/**
 * What an evaluation samples and how it judges: which model and problems, how many samples per
 * problem, how, the k values reported, and the verifier's settings. Everything but {@code ks}
 * decides the samples or their verdicts, so it is what a resumed evaluation must match ({@link #fingerprint}).
 *
 * @param model   the model directory or the endpoint, as given
 * @param data    the problem file or built-in task, as given
 * @param n       samples per problem
 * @param ks      the k of pass@k and maj@k, each in [1, n]
 * @param rollout sampling (temperature, top-p, top-k, stop tokens), response length, tool format, budget forcing
 * @param tools   whether the python interpreter runs the model's code
 * @param seed    sample j of problem {@code id} is drawn with a seed made from (seed, id, j)
 * @param answers where the verifier finds answers and the decimal precision it asks for (lenient by
 *                default, so that scores compare with published ones)
 */
public record EvalSettings(String model, String data, int n, List<Integer> ks, RolloutOptions rollout, boolean tools, long seed,
                           VerifierSettings answers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public EvalSettings {
        if (n < 1) throw new IllegalArgumentException("--n must be at least 1, got " + n);
        ks = List.copyOf(ks);
        for (int k : ks) {
            if (k < 1 || k > n) throw new IllegalArgumentException("--k values must be in [1, n = " + n + "], got " + k);
        }
    }

    public EvalSettings withBudget(BudgetForcing budget) {
        return new EvalSettings(model, data, n, ks, rollout.withBudget(budget), tools, seed, answers);
    }

    /** The settings that decide which samples are drawn and how they are judged. */
    public ObjectNode fingerprint() {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", model);
        o.put("data", data);
        o.put("n", n);
        o.put("temperature", rollout.sampling().temperature());
        o.put("top_p", rollout.sampling().topP());
        o.put("top_k", rollout.sampling().topK());
        o.put("max_tokens", rollout.maxResponseTokens());
        o.put("tools", tools ? "python" : "none");
        if (tools) o.put("max_tool_calls", rollout.maxToolCalls());
        BudgetForcing b = rollout.budget();
        if (b.active()) {
            ObjectNode f = o.putObject("budget_forcing");
            f.put("max_thinking_tokens", b.maxThinkingTokens() == BudgetForcing.UNLIMITED ? 0 : b.maxThinkingTokens());
            f.put("min_thinking_tokens", b.minThinkingTokens());
            f.put("num_extend", b.numExtend() == BudgetForcing.UNLIMITED ? -1 : b.numExtend());
            f.put("extension", b.extension());
            f.put("end_of_thinking", b.endOfThinking());
            f.put("answer_prompt", b.answerPrompt());
        }
        o.put("seed", seed);
        o.put("answer_policy", answers.answerPolicy().configName());
        o.put("float_rounding", answers.floatRounding());
        return o;
    }
}
