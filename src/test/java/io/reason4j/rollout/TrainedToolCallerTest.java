package io.reason4j.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.cli.Main;
import io.reason4j.data.BatchLayout;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.engine.SamplingParams;
import io.reason4j.model.DType;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.TestModels;
import io.reason4j.sft.SftOptions;
import io.reason4j.sft.SftTrainer;
import io.reason4j.text.TinyTokenizerFixture;
import io.reason4j.text.Tokenizer;
import io.reason4j.tool.PythonSandbox;
import io.reason4j.tool.SandboxConfig;
import io.reason4j.tool.ToolStatus;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a tiny model taught by SFT, in the test, to write a fixed code block and then answer
 * after whatever the interpreter says, rolled out through the real sandbox. The interpreter output
 * in its training data was random numbers with mask 0, so the 42 in its trajectory can only come
 * from running the code.
 */
public class TrainedToolCallerTest {
    static final String PROMPT = "<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n";
    static final String CODE = "<code>print(6*7)</code>";
    @TempDir Path dir;

    /**
     * A tiny model (the byte-level test tokenizer) taught by SFT, in {@code dir}, to answer with {@link #CODE},
     * then "The answer is 42." after whatever the interpreter prints; returns its model directory.
     */
    public static Path trainedToolCaller(Path dir) throws Exception {
        Path base = dir.resolve("base");
        ModelConfig config = TestModels.qwen2(TinyTokenizerFixture.VOCAB_SIZE, 64, 2, 4, 2, 128, false);
        TestModels.write(base, DecoderWeights.initialize(config, false, 3, 0.02, Arena.ofAuto()), DType.F32, 0);
        TinyTokenizerFixture.write(base);
        Path data = writeTrainingData(Tokenizer.load(base), dir.resolve("calls.jsonl"));
        SftOptions o = SftOptions.defaults(base, data, dir.resolve("run"));
        SftOptions options = new SftOptions(o.model(), o.data(), o.out(), null, 0, 6, 0, 8, 96, BatchLayout.PACKED, 1, 1e-2,
                "cosine", 0.05, 0, 0, 0.9, 0.999, 1e-8, 1.0, 1000, 0, 100_000, 1, 1, false, false);
        return new SftTrainer(options, new PrintStream(OutputStream.nullOutputStream())).run().modelDir();
    }

    @Test
    void aTrainedToolCallerRunsItsCodeInTheRealSandboxAndReadsTheRealOutput() throws Exception {
        Path trained = trainedToolCaller(dir);

        try (ModelDirectory model = ModelDirectory.open(trained);
             PythonSandbox sandbox = PythonSandbox.start(SandboxConfig.DEFAULTS.withPreload(List.of()))) {
            Tokenizer tokenizer = model.tokenizer().orElseThrow();
            SamplingParams greedy = SamplingParams.greedy(0).withStops(model.stopTokenIds(), List.of());
            Rollout rollout = new Rollout(model.engine(), tokenizer, sandbox, RolloutOptions.of(greedy, 120));
            Trajectory t = rollout.run(List.of(new RolloutRequest(tokenizer.encode(PROMPT, false), 0, 0))).getFirst();

            assertThat(tokenizer.decode(t.responseIds(), false))
                    .isEqualTo(CODE + "<interpreter>\n42\n</interpreter>\nThe answer is 42.<|im_end|>");
            assertThat(t.finishReason()).isEqualTo(RolloutFinish.STOP);
            assertThat(t.toolCalls()).singleElement().satisfies(c -> {
                assertThat(c.input()).isEqualTo("print(6*7)");
                assertThat(c.output()).isEqualTo("42\n");
                assertThat(c.status()).isEqualTo(ToolStatus.OK);
                assertThat(c.wallMillis()).isPositive();
            });
            int code = tokenizer.encode(CODE, false).length, inserted = tokenizer.encode("<interpreter>\n42\n</interpreter>\n", false).length;
            int[] expectedMask = IntStream.range(0, t.responseIds().length).map(i -> i >= code && i < code + inserted ? 0 : 1).toArray();
            assertThat(t.lossMask()).isEqualTo(expectedMask);
        }

        // The same through the command line.
        JsonNode line = new ObjectMapper().readTree(generate("--model", trained.toString(), "--prompt", PROMPT, "--temperature", "0",
                "--tools", "python", "--json"));
        assertThat(line.get("text").asText()).isEqualTo(CODE + "<interpreter>\n42\n</interpreter>\nThe answer is 42.<|im_end|>");
        assertThat(line.get("tool_calls").get(0).get("output").asText()).isEqualTo("42\n");
        assertThat(line.get("tool_calls").get(0).get("status").asText()).isEqualTo("ok");
        assertThat(line.get("finish_reason").asText()).isEqualTo("stop");
    }

    /** Runs {@code reason4j generate} and returns what it printed. */
    static String generate(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 1];
            all[0] = "generate";
            System.arraycopy(args, 0, all, 1, args.length);
            assertThat(Main.run(all)).isZero();
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The prompt, the code, random interpreter output (mask 0), then the answer reading "42". */
    static Path writeTrainingData(Tokenizer tokenizer, Path file) throws Exception {
        Random random = new Random(5);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            List<Integer> ids = new ArrayList<>(), mask = new ArrayList<>();
            add(ids, mask, tokenizer.encode(PROMPT, false), 0);
            add(ids, mask, tokenizer.encode(CODE, false), 1);
            add(ids, mask, tokenizer.encode("<interpreter>\n" + random.nextInt(1000) + "\n</interpreter>\n", false), 0);
            add(ids, mask, tokenizer.encode("The answer is 42.", false), 1);
            add(ids, mask, new int[] {TinyTokenizerFixture.IM_END}, 1);
            lines.add("{\"input_ids\": " + ids + ", \"loss_mask\": " + mask + "}");
        }
        return Files.write(file, lines);
    }

    private static void add(List<Integer> ids, List<Integer> mask, int[] tokens, int m) {
        for (int t : tokens) {
            ids.add(t);
            mask.add(m);
        }
    }
}
