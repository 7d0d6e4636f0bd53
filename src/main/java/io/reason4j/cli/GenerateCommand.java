package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.Completion;
import io.reason4j.engine.GenerationRequest;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.engine.SamplingParams;
import io.reason4j.rollout.Rollout;
import io.reason4j.rollout.RolloutRequest;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.Tokenizer;
import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.SandboxConfig;
import io.reason4j.tool.Tool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reason4j generate}: sample completions of a prompt, or roll out with tool calls and budget forcing. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Sample completions of a prompt with the local engine; with --tools or a thinking budget, roll out"
                + " trajectories (tool calls in the sandbox, s1 budget forcing; docs/rollouts.md).")
final class GenerateCommand implements Callable<Integer> {
    static final class Prompt {
        @Option(names = "--prompt", required = true, description = "prompt text (needs tokenizer.json)") String text;
        @Option(names = "--prompt-ids", required = true, description = "prompt as token ids: 3,17,5") String ids;
    }

    @Option(names = "--model", required = true, description = "model directory") Path model;
    @ArgGroup(multiplicity = "1") Prompt prompt;
    @Option(names = "--chat", description = "wrap the prompt as a user message in the model's chat template") boolean chat;
    @Option(names = "--system", description = "system message, with --chat") String system;
    @Option(names = "--n", defaultValue = "1", description = "completions to sample (default ${DEFAULT-VALUE})") int n;
    @Option(names = "--max-new-tokens", defaultValue = "128", description = "default ${DEFAULT-VALUE}") int maxNewTokens;
    @Option(names = "--temperature", defaultValue = "1.0", description = "0 = greedy (default ${DEFAULT-VALUE})") double temperature;
    @Option(names = "--top-p", defaultValue = "1.0", description = "nucleus sampling (default ${DEFAULT-VALUE})") double topP;
    @Option(names = "--top-k", defaultValue = "0", description = "0 = off (default ${DEFAULT-VALUE})") int topK;
    @Option(names = "--seed", defaultValue = "0", description = "same seed, same output (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--stop", description = "stop string (repeatable)") List<String> stops = new ArrayList<>();
    @Option(names = "--json", description = "one JSON object per completion, with token ids and log-probs") boolean json;
    @Mixin RolloutFlags rollout = new RolloutFlags();

    @Override
    public Integer call() throws Exception {
        if (n < 1) throw new UserInputException("--n must be at least 1, got " + n);
        boolean python = rollout.wantsPython();
        if (rollout.requested() && !stops.isEmpty()) {
            throw new UserInputException("--stop cannot be combined with --tools or budget forcing: the rollout sets its own stops");
        }
        try (ModelDirectory dir = ModelDirectory.open(model); Tool tool = python ? PythonSandbox.start(SandboxConfig.DEFAULTS) : null) {
            Tokenizer tokenizer = dir.tokenizer().orElse(null);
            if (tokenizer == null && (rollout.requested() || !stops.isEmpty())) {
                throw new UserInputException((stops.isEmpty() ? "--tools and budget forcing need" : "--stop needs")
                        + " a tokenizer, and " + model + " has no tokenizer.json");
            }
            // A chat tool format lists the tool in the prompt, as the template expects.
            Map<String, Object> variables = rollout.promptVariables(tool);
            int[] promptIds = promptIds(dir, tokenizer, variables);
            Set<Integer> stopIds = dir.stopTokenIds();
            SamplingParams params = new SamplingParams(temperature, topP, topK, maxNewTokens, seed, stopIds, stops);
            // Each completion gets its own stream, derived from --seed, so --n 4 gives 4 different samples.
            SplittableRandom seeds = new SplittableRandom(seed);
            if (rollout.requested()) {
                ChatTemplate template = chat ? tokenizer.chatTemplate().orElse(null) : null;
                List<RolloutRequest> requests = new ArrayList<>();
                for (int i = 0; i < n; i++) requests.add(new RolloutRequest(promptIds, seeds.nextLong(), 0));
                Rollout r = new Rollout(dir.engine(), tokenizer, tool, rollout.options(params, maxNewTokens, template, tool));
                TrajectoryOutput.print(r.run(requests), tokenizer, json, System.out);
                return 0;
            }
            List<GenerationRequest> requests = new ArrayList<>();
            for (int i = 0; i < n; i++) requests.add(new GenerationRequest(promptIds, params.withSeed(seeds.nextLong())));
            List<Completion> completions = dir.engine().generate(requests);
            print(completions);
            return 0;
        }
    }

    private int[] promptIds(ModelDirectory dir, Tokenizer tokenizer, Map<String, Object> variables) {
        if (prompt.ids != null) {
            if (chat) throw new UserInputException("--chat needs --prompt text, not --prompt-ids");
            return TokenIds.parse("--prompt-ids", prompt.ids, dir.config().vocabSize());
        }
        if (tokenizer == null) {
            throw new UserInputException("--prompt needs a tokenizer, and " + model
                    + " has no tokenizer.json; pass --prompt-ids instead");
        }
        if (!chat) return tokenizer.encode(prompt.text, true);
        ChatTemplate template = tokenizer.chatTemplate().orElseThrow(() -> new UserInputException(
                "--chat needs a chat_template in " + model.resolve("tokenizer_config.json")));
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) messages.add(ChatMessage.system(system));
        messages.add(ChatMessage.user(prompt.text));
        // The template writes the special tokens itself.
        return tokenizer.encode(template.render(messages, true, variables), false);
    }

    private void print(List<Completion> completions) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < completions.size(); i++) {
            Completion c = completions.get(i);
            if (json) {
                ObjectNode o = mapper.createObjectNode();
                o.put("index", i);
                if (c.text() != null) o.put("text", c.text());
                o.set("token_ids", mapper.valueToTree(c.tokenIds()));
                o.set("logprobs", mapper.valueToTree(c.logprobs()));
                o.put("finish_reason", c.finishReason().apiName());
                System.out.println(mapper.writeValueAsString(o));
            } else {
                if (completions.size() > 1) {
                    System.out.printf("--- completion %d (%d tokens, %s)%n", i + 1, c.tokenIds().length, c.finishReason().apiName());
                }
                System.out.println(c.text() != null ? c.text() : java.util.Arrays.toString(c.tokenIds()));
            }
        }
    }
}
