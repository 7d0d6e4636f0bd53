package io.reason4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.model.ReferenceDecoder;
import io.reason4j.text.TinyTokenizerFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: init-model → score / generate, and their errors. */
class CommandLineTest {
    @TempDir Path dir;

    record Result(int exit, String out, String err) {}

    /** A random one-layer Qwen2 model with the byte-level test tokenizer and its ChatML template, made through init-model. */
    static Path tinyModelWithTokenizer(Path model) {
        Result r = run("init-model", "--arch", "qwen2", "--vocab", "" + io.reason4j.text.TinyTokenizerFixture.VOCAB_SIZE,
                "--hidden", "32", "--layers", "1", "--heads", "4", "--kv-heads", "2", "--intermediate", "64", "--seed", "2",
                "--out", model.toString());
        if (r.exit() != 0) throw new AssertionError("init-model failed: " + r.err());
        io.reason4j.text.TinyTokenizerFixture.write(model);
        return model;
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    Path initModel(String arch, int vocab, String... extra) {
        Path model = dir.resolve(arch + vocab);
        List<String> args = new java.util.ArrayList<>(List.of("init-model", "--arch", arch, "--vocab", "" + vocab, "--hidden", "32",
                "--layers", "2", "--heads", "4", "--kv-heads", "2", "--intermediate", "48", "--init-std", "0.3",
                "--seed", "3", "--out", model.toString()));
        args.addAll(List.of(extra));
        Result r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return model;
    }

    @Test
    void scoreMatchesTheIndependentReference() throws Exception {
        Path model = initModel("llama", 50, "--tied");
        int[] ids = {3, 17, 5, 49, 0, 8};
        Result r = run("score", "--model", model.toString(), "--ids", "3,17,5,49,0,8");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode ours = new ObjectMapper().readTree(r.out()).get("token_logprobs");
        JsonNode reference = ReferenceDecoder.score(model, List.of(ids)).get(0).get("token_logprobs");
        assertThat(ours.size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) assertThat(ours.get(i).asDouble()).isCloseTo(reference.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-4));

        Result full = run("score", "--model", model.toString(), "--ids", "3,17,5", "--full-logprobs");
        JsonNode rows = new ObjectMapper().readTree(full.out()).get("logprobs");
        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.get(0).size()).isEqualTo(50);
        assertThat(rows.get(1).get(5).asDouble()).isCloseTo(ours.get(1).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void bf16ModelsAreWrittenAndRead() throws Exception {
        Path model = initModel("qwen2", 40, "--dtype", "bf16");
        assertThat(Files.readString(model.resolve("config.json"))).contains("\"torch_dtype\"").contains("bfloat16");
        Result r = run("score", "--model", model.toString(), "--ids", "1,2,3");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode reference = ReferenceDecoder.score(model, List.of(new int[] {1, 2, 3})).get(0).get("token_logprobs");
        assertThat(new ObjectMapper().readTree(r.out()).get("token_logprobs").get(1).asDouble())
                .isCloseTo(reference.get(1).asDouble(), org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void generateWithPromptIdsIsSeededAndBounded() throws Exception {
        Path model = initModel("qwen2", 60);
        String[] args = {"generate", "--model", model.toString(), "--prompt-ids", "1,2,3", "--n", "3", "--max-new-tokens", "7",
                "--seed", "5", "--json"};
        Result a = run(args), b = run(args);
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        List<String> lines = a.out().lines().toList();
        assertThat(lines).hasSize(3);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("token_ids").size()).isEqualTo(7);
        assertThat(first.get("logprobs").size()).isEqualTo(7);
        assertThat(first.get("finish_reason").asText()).isEqualTo("length");
        assertThat(lines.get(0)).isNotEqualTo(lines.get(1));
    }

    @Test
    void generateWithTokenizerChatTemplateAndStopString() throws Exception {
        Path model = initModel("qwen2", TinyTokenizerFixture.VOCAB_SIZE);
        TinyTokenizerFixture.write(model);
        Result chat = run("generate", "--model", model.toString(), "--prompt", "hello", "--chat", "--max-new-tokens", "40",
                "--temperature", "0", "--json");
        assertThat(chat.exit()).as(chat.err()).isZero();
        JsonNode c = new ObjectMapper().readTree(chat.out());
        String text = c.get("text").asText();
        assertThat(c.get("token_ids").size()).isPositive();
        // A stop string taken from the greedy text ends generation right there.
        String visible = text.replace("<|im_end|>", "").replace("<|im_start|>", "").replace("<|endoftext|>", "");
        assertThat(visible).as("greedy text of the random model").hasSizeGreaterThanOrEqualTo(3);
        {
            String stop = visible.substring(1, 3);
            Result stopped = run("generate", "--model", model.toString(), "--prompt", "hello", "--chat", "--max-new-tokens", "40",
                    "--temperature", "0", "--json", "--stop", stop);
            JsonNode s = new ObjectMapper().readTree(stopped.out());
            assertThat(s.get("finish_reason").asText()).isEqualTo("stop");
            assertThat(s.get("text").asText()).contains(stop);
            assertThat(s.get("token_ids").size()).isLessThanOrEqualTo(c.get("token_ids").size());
        }
    }

    @Test
    void userMistakesGetOneLineErrorsWithoutStackTraces() throws Exception {
        Path model = initModel("llama", 30);
        Result badId = run("score", "--model", model.toString(), "--ids", "1,30");
        assertThat(badId.exit()).isEqualTo(2);
        assertThat(badId.err()).contains("token id 30").contains("[0, 30)").doesNotContain("Exception").doesNotContain("\tat ");
        Result notANumber = run("score", "--model", model.toString(), "--ids", "1,x");
        assertThat(notANumber.err()).contains("'x'").contains("item 2");
        Result missing = run("score", "--model", dir.resolve("nope").toString(), "--ids", "1");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope").doesNotContain("\tat ");
        Files.writeString(model.resolve("config.json"), "{\"architectures\": [\"MistralForCausalLM\"]}");
        Result unsupported = run("score", "--model", model.toString(), "--ids", "1");
        assertThat(unsupported.err()).contains("MistralForCausalLM").contains("LlamaForCausalLM").doesNotContain("\tat ");
        Result noTokenizer = run("generate", "--model", initModel("llama", 31).toString(), "--prompt", "hi");
        assertThat(noTokenizer.exit()).isEqualTo(2);
        assertThat(noTokenizer.err()).contains("tokenizer.json").contains("--prompt-ids");
    }

    @Test
    void theReferenceDecoderPassesItsOwnTests() throws Exception {
        Process p = new ProcessBuilder(ReferenceDecoder.python(), "src/test/python/test_reference_decoder.py")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }
}
