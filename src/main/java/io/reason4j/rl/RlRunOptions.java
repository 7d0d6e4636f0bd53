package io.reason4j.rl;

import io.reason4j.data.PromptExample;
import io.reason4j.tool.Tool;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything an RL run needs besides its algorithm ({@link RlConfig}).
 *
 * @param model          the starting policy: a Hugging Face model directory with a tokenizer and chat template
 * @param out            the run directory: {@code metrics.jsonl}, {@code checkpoint-<step>/}, the final {@code model/}
 * @param config         the algorithm, sampling, training, evaluation and checkpoint settings
 * @param train          the training problems
 * @param eval           the held-out problems (may be empty: no evaluation)
 * @param reward         scores responses: {@link TermReward#of} for the configuration's {@code reward.terms}
 *                       (what {@code reason4j train} uses), or any reward written in Java, which then
 *                       replaces the terms
 * @param tool           the tool in the loop when {@code sampling.tools} is python, else null (the
 *                       configuration's {@code sandbox} section opens one: {@link SandboxBackendConfig#open});
 *                       how calls and results are written is {@code sampling.tool_format}
 * @param resume         continue from the newest complete checkpoint in {@code out} when there is one
 * @param progress       where progress lines go
 */
public record RlRunOptions(Path model, Path out, RlConfig config, List<PromptExample> train, List<PromptExample> eval, OutcomeReward reward,
                           Tool tool, boolean resume, PrintStream progress) {
    public RlRunOptions {
        if (model == null || out == null || config == null || train == null || reward == null || progress == null) {
            throw new IllegalArgumentException("model, out, config, train, reward and progress are required");
        }
        eval = eval == null ? List.of() : List.copyOf(eval);
        train = List.copyOf(train);
        if (train.isEmpty()) throw new IllegalArgumentException("an RL run needs at least one training problem");
        if (config.sampling().tools().equals("python") && tool == null) {
            throw new IllegalArgumentException("sampling.tools is python but no tool was given");
        }
        if (config.sampling().tools().equals("none") && tool != null) {
            throw new IllegalArgumentException("a tool was given but sampling.tools is none: it would never be called");
        }
    }
}
