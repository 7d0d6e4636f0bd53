package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.tool.SandboxUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reason4j generate} in rollout mode: the JSON lines, budget flags, and user errors. */
class GenerateRolloutCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    Path modelWithTokenizer() {
        return CommandLineTest.tinyModelWithTokenizer(dir.resolve("m"));
    }

    @Test
    void jsonLinesCarryAlignedMasksAndLogprobsThatScoreReproduces() throws Exception {
        Path model = modelWithTokenizer();
        CommandLineTest.Result r = CommandLineTest.run("generate", "--model", model.toString(), "--prompt", "hello", "--n", "3",
                "--max-new-tokens", "30", "--seed", "4", "--tools", "python", "--max-tool-calls", "2",
                "--max-thinking-tokens", "12", "--end-of-thinking", "e", "--num-extend", "1", "--answer-prompt", "A:", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            JsonNode t = JSON.readTree(line);
            int n = t.get("response_ids").size();
            assertThat(t.get("loss_mask").size()).isEqualTo(n);
            assertThat(t.get("logprobs").size()).isEqualTo(n);
            assertThat(n).isLessThanOrEqualTo(30);
            assertThat(t.get("finish_reason").asText()).isIn("stop", "length", "tool_limit");
            assertThat(t.get("tool_calls").isArray()).isTrue();
            assertThat(t.get("thinking_tokens").asInt()).isLessThanOrEqualTo(12);
            // The forced end of thinking was inserted with mask 0 once thinking reached 12 tokens.
            if (t.get("thinking_tokens").asInt() == 12) assertThat(t.get("text").asText()).contains("eA:");

            List<Integer> all = new ArrayList<>();
            t.get("prompt_ids").forEach(x -> all.add(x.asInt()));
            t.get("response_ids").forEach(x -> all.add(x.asInt()));
            CommandLineTest.Result s = CommandLineTest.run("score", "--model", model.toString(), "--ids",
                    all.stream().map(String::valueOf).collect(Collectors.joining(",")));
            JsonNode scores = JSON.readTree(s.out()).get("token_logprobs");
            int p = t.get("prompt_ids").size();
            for (int i = 0; i < n; i++) {
                double logprob = t.get("logprobs").get(i).asDouble();
                if (t.get("loss_mask").get(i).asInt() == 0) {
                    assertThat(logprob).isZero();
                } else {
                    assertThat(logprob).isCloseTo(scores.get(p + i - 1).asDouble(), Offset.offset(1e-4));
                }
            }
        }
    }

    @Test
    void theTranscriptIsPrintedAsText() {
        Path model = modelWithTokenizer();
        CommandLineTest.Result r = CommandLineTest.run("generate", "--model", model.toString(), "--prompt", "hello", "--n", "2",
                "--max-new-tokens", "10", "--tools", "python");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("--- trajectory 1 (", "--- trajectory 2 (");
    }

    @Test
    void mistakesAreOneLineErrors() {
        Path model = modelWithTokenizer();
        CommandLineTest.Result bash = CommandLineTest.run("generate", "--model", model.toString(), "--prompt", "x", "--tools", "bash");
        assertThat(bash.exit()).isEqualTo(2);
        assertThat(bash.err().strip()).isEqualTo("reason4j generate: --tools: unknown tool 'bash'; the only tool is python");
        CommandLineTest.Result stop = CommandLineTest.run("generate", "--model", model.toString(), "--prompt", "x", "--tools", "python", "--stop", "y");
        assertThat(stop.err()).contains("--stop cannot be combined");
        CommandLineTest.Result chat = CommandLineTest.run("generate", "--model", model.toString(), "--prompt", "x", "--tools", "python",
                "--tool-format", "chat");
        assertThat(chat.err().lines().toList().getLast()).isEqualTo("reason4j generate: --tool-format chat needs --chat and a chat template");
        CommandLineTest.Result noTools = CommandLineTest.run("generate", "--model", model.toString(), "--prompt", "x", "--chat",
                "--tools", "python", "--tool-format", "chat");
        assertThat(noTools.exit()).isEqualTo(2);
        assertThat(noTools.err().lines().toList().getLast()).contains("does not render a tool call ending in '</tool_call>'",
                "use an inline tool format");
        CommandLineTest.Result budget = CommandLineTest.run("generate", "--model", model.toString(), "--prompt", "x",
                "--max-thinking-tokens", "5", "--min-thinking-tokens", "9");
        assertThat(budget.exit()).isEqualTo(2);
        assertThat(budget.err()).contains("exceed max thinking tokens").doesNotContain("at io.");
        assertThat(Main.isUserError(new SandboxUnavailableException("bubblewrap (bwrap) is not installed"))).isTrue();
    }
}
