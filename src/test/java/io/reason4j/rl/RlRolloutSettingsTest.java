package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.model.DType;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.TestModels;
import io.reason4j.rollout.ResponseText;
import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.PythonTool;
import io.reason4j.tool.SandboxConfig;
import io.reason4j.tool.SandboxFusionClient;
import io.reason4j.tool.SandboxFusionServer;
import io.reason4j.tool.ToolResult;
import io.reason4j.tool.ToolStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout settings a recipe gives RL (issue 19, item 2): budget forcing on every rollout,
 * the tool format (chat tool calls with the tool listed in the prompt by the chat template), and
 * the sandbox's backend and limits.
 */
class RlRolloutSettingsTest {
    @TempDir Path dir;

    Path model(boolean qwenTemplate) throws Exception {
        Path base = dir.resolve("base");
        // a context long enough for Qwen2.5's system prompt with a tool list in byte-level tokens
        ModelConfig config = new ModelConfig(io.reason4j.model.Architecture.QWEN2, TinyTokenizerFixture.VOCAB_SIZE, 32, 2, 4, 2, 8, 64, 1e-6,
                1000000.0, null, false, true, 2048, null, List.of(2));
        TestModels.write(base, DecoderWeights.initialize(config, false, 3, 0.02, Arena.ofAuto()), DType.F32, 0);
        TinyTokenizerFixture.write(base);
        if (qwenTemplate) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode tc = (ObjectNode) json.readTree(base.resolve("tokenizer_config.json").toFile());
            try (InputStream in = getClass().getResourceAsStream("/text/qwen2.5-7b-instruct-chat-template.json")) {
                tc.put("chat_template", json.readTree(in).get("chat_template").asText());
            }
            json.writeValue(base.resolve("tokenizer_config.json").toFile(), tc);
        }
        return base;
    }

    /** Every response the reward sees, and the prompt it was given. */
    record Seen(String prompt, ResponseText response) {}

    static OutcomeReward recording(List<Seen> seen) {
        return (problem, prompt, response) -> {
            seen.add(new Seen(prompt, response));
            return new ScoredResponse(response.policyWords().length() % 3, response.policyWords().length() % 2 == 0, Map.of());
        };
    }

    /** RlTrainerTest's tiny run with room for forced text, and more sampling keys. */
    static RlConfig tiny(String preset, String sampling, String extra) {
        return RlConfigLoader.parseLayered("preset: " + preset + "\nsampling:\n  group_size: 4\n  prompts_per_step: 2\n  max_response_length: 32\n"
                + sampling + "training:\n  steps: 1\n  lr: 1.0e-3\n  mini_batch_prompts: 1\n  micro_batch_rows: 4\n" + extra, preset + " (test)");
    }

    void train(Path model, RlConfig config, OutcomeReward reward, PythonTool tool) {
        new RlTrainer(new RlRunOptions(model, dir.resolve("run"), config, RlTrainerTest.problems(4, 0), RlTrainerTest.problems(2, 100), reward, tool,
                false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).run();
    }

    @Test
    void budgetForcingCutsThinkingInTrainingAndEvaluationRolloutsAndTheInsertedTextIsNotThePolicys() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        RlConfig c = tiny("grpo", "", "budget_forcing:\n  max_thinking_tokens: 3\n  answer_prompt: ' Final:'\n");
        train(model(false), c, recording(seen), null);
        assertThat(seen).hasSize(2 * 4 + 2 * 2); // one step of 2 prompts × 4, and the held-out evaluations before and after it
        for (Seen s : seen) {
            // the policy sampled 3 thinking tokens, then the delimiter and the answer prompt were inserted
            assertThat(s.response().full()).contains("</think> Final:");
            assertThat(s.response().policyWords()).doesNotContain(" Final:");
        }
    }

    @Test
    void hermesToolCallsListTheToolInEveryPromptThroughTheChatTemplate() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        RlConfig c = tiny("retool", "  tool_format: hermes\n", "");
        try (PythonSandbox sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(List.of()))) {
            train(model(true), c, recording(seen), sandbox);
        }
        assertThat(seen).isNotEmpty().allSatisfy(s -> assertThat(s.prompt()).contains("# Tools").contains("<tools>")
                .contains("\"name\": \"python\"").contains("<tool_call>"));
        // without tools the same template renders no tool list
        seen.clear();
        train(model(true), tiny("grpo", "", ""), recording(seen), null);
        assertThat(seen).isNotEmpty().allSatisfy(s -> assertThat(s.prompt()).doesNotContain("<tools>"));
    }

    @Test
    void hermesWithATemplateThatHasNoToolTurnsIsAClearError() throws Exception {
        RlConfig c = tiny("retool", "  tool_format: hermes\n", "");
        try (PythonSandbox sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(List.of()))) {
            Path model = model(false);
            assertThatThrownBy(() -> train(model, c, recording(new CopyOnWriteArrayList<>()), sandbox)).isInstanceOf(ConfigValueException.class)
                    .hasMessageContaining("sampling.tool_format").hasMessageContaining("does not render tool calls");
        }
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void theSandboxSectionSetsTheLimitsAndTheBackend() throws Exception {
        RlConfig local = RlTrainerTest.tiny("retool", 1, "sandbox:\n  wall_seconds: 1.0\n");
        try (PythonTool sandbox = local.sandbox().open(List.of())) {
            assertThat(sandbox).isInstanceOf(PythonSandbox.class);
            ToolResult slow = sandbox.execute("import time\ntime.sleep(5)");
            assertThat(slow.status()).isEqualTo(ToolStatus.TIMEOUT);
            assertThat(slow.wallMillis()).isLessThan(4000);
        }
        try (PythonSandbox backing = PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(List.of()));
             SandboxFusionServer server = SandboxFusionServer.start(backing, "127.0.0.1", 0)) {
            RlConfig fusion = RlTrainerTest.tiny("retool", 1, "sandbox:\n  backend: sandbox_fusion\n  endpoints: http://127.0.0.1:" + server.port()
                    + "\n  memory_mb: 256\n");
            try (PythonTool sandbox = fusion.sandbox().open(List.of())) {
                assertThat(sandbox).isInstanceOf(SandboxFusionClient.class);
                assertThat(sandbox.execute("print(6*7)").stdout()).isEqualTo("42\n");
                // the memory limit travels with the call: 400 MB do not fit in 256, 64 do
                ToolResult big = sandbox.execute("x = bytearray(400 * 1024 * 1024)");
                assertThat(big.status()).isNotEqualTo(ToolStatus.OK);
                assertThat(big.stderr()).contains("MemoryError");
                assertThat(sandbox.execute("x = bytearray(64 * 1024 * 1024)\nprint(len(x))").stdout()).isEqualTo("67108864\n");
            }
        }
    }

    @Test
    void sandboxAndToolKeysWithoutEffectAreRefused() {
        String[][] cases = {
                {"preset: grpo\nsandbox:\n  memory_mb: 512\n", "sandbox.memory_mb", "tools is none"},
                {"preset: grpo\nsampling:\n  tool_format: fenced\n", "sampling.tool_format", "tools is none"},
                {"preset: retool\nsandbox:\n  endpoints: http://x:1\n", "sandbox.endpoints", "backend is local"},
                {"preset: retool\nsandbox:\n  backend: sandbox_fusion\n  endpoints: http://x:1\n  cpu_seconds: 3.0\n", "sandbox.cpu_seconds",
                        "only a wall time and a memory limit"},
                {"preset: retool\nsandbox:\n  backend: sandbox_fusion\n", "sandbox.endpoints", "needs the service's URLs"},
                {"preset: grpo\nbudget_forcing:\n  answer_prompt: 'Final:'\n", "budget_forcing.answer_prompt", "max_thinking_tokens is 0"},
                {"preset: grpo\nbudget_forcing:\n  min_thinking_tokens: 8\n", "budget_forcing.min_thinking_tokens", "num_extend is 0"},
                {"preset: grpo\nbudget_forcing:\n  extend_with: Hmm\n", "budget_forcing.extend_with", "num_extend is 0"},
                {"preset: grpo\nbudget_forcing:\n  end_of_thinking: </reasoning>\n", "budget_forcing.end_of_thinking", "budget forcing is off"},
                {"preset: retool\nsampling:\n  tool_format: hermes\nreward:\n  terms:\n    - {name: accuracy}\n    - {name: tool_use_format}\n",
                        "reward.terms", "<tool_call> turns it does not read"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> RlConfigLoader.parseLayered(c[0], "u.yaml")).as(c[0]).isInstanceOf(ConfigValueException.class)
                    .hasMessageContaining("'" + c[1] + "'").hasMessageContaining(c[2]);
        }
        RlConfig ok = RlConfigLoader.parseLayered("preset: grpo\nbudget_forcing:\n  min_thinking_tokens: 8\n  num_extend: -1\n  extend_with: Hmm\n", "u.yaml");
        assertThat(ok.budgetForcing().budget().numExtend()).isEqualTo(io.reason4j.rollout.BudgetForcing.UNLIMITED);
    }
}
