package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.GenerationBatch;
import io.reason4j.engine.LocalEngine;
import io.reason4j.engine.SamplingParams;
import io.reason4j.model.Decoder;
import io.reason4j.rollout.BudgetForcing;
import io.reason4j.rollout.InlineToolFormat;
import io.reason4j.rollout.Rollout;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.rollout.RolloutRequest;
import io.reason4j.rollout.Trajectory;
import io.reason4j.text.Tokenizer;
import io.reason4j.tool.Tool;
import io.reason4j.tool.ToolResult;
import io.reason4j.tool.ToolStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code reason4j bench rollout}: the sampling benchmark's batch (64 prompts of 16 tokens, 100 new
 * tokens) sampled plainly, then rolled out with tool calls, on the same random model and seeds. The
 * model has no real text, so a 64-character tokenizer stands in, and the two characters it samples
 * most often are the code markers: that gives calls throughout the batch. The tool is fast (it
 * sleeps {@code toolMillis} and prints one line), so the figure is the cost of the agent loop and of
 * pausing and resuming sequences, not of Python. Throughput counts the tokens the model sampled.
 */
final class RolloutBench {
    /** 64 characters, one token each (the presets' vocabulary size). */
    static final String CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789 \n()<>[]{}=+-*/.,:;!?'\"_#%&|";

    private RolloutBench() {}

    static void run(Decoder decoder, int toolMillis, int reps, ObjectNode out, boolean json) {
        int batch = 64, promptLength = 16, newTokens = 100;
        try (Tokenizer tokenizer = characterTokenizer()) {
            LocalEngine engine = new LocalEngine(decoder, tokenizer);
            List<int[]> prompts = new ArrayList<>();
            java.util.SplittableRandom r = new java.util.SplittableRandom(3);
            for (int i = 0; i < batch; i++) prompts.add(r.ints(promptLength, 0, CHARACTERS.length()).toArray());
            int[] counts = new int[CHARACTERS.length()];
            Runnable plain = () -> {
                try (GenerationBatch b = engine.newBatch()) {
                    for (int i = 0; i < batch; i++) b.add(prompts.get(i), SamplingParams.sample(newTokens, i));
                    b.run();
                    for (int i = 0; i < batch; i++) for (int t : b.sequence(i).turnTokens()) counts[t]++;
                }
            };
            plain.run();
            int[] frequent = IntStream.range(0, counts.length).boxed().sorted(Comparator.comparingInt(t -> -counts[t]))
                    .limit(2).mapToInt(Integer::intValue).toArray();
            InlineToolFormat format = new InlineToolFormat(CHARACTERS.substring(frequent[0], frequent[0] + 1),
                    CHARACTERS.substring(frequent[1], frequent[1] + 1), "[", "]");
            RolloutOptions options = new RolloutOptions(SamplingParams.sample(0, 0), newTokens, format, 1000, 100, BudgetForcing.NONE);
            Rollout rollout = new Rollout(engine, tokenizer, new SleepingTool(toolMillis), options);
            List<RolloutRequest> requests = new ArrayList<>();
            for (int i = 0; i < batch; i++) requests.add(new RolloutRequest(prompts.get(i), i, i));
            List<List<Trajectory>> last = new ArrayList<>(List.of(List.of()));
            Runnable rollouts = () -> last.set(0, rollout.run(requests));
            // Interleaved, so that load from other processes on a shared machine hits both alike.
            double[] times = interleavedBest(plain, rollouts, reps);
            int sampled = last.getFirst().stream().mapToInt(Trajectory::policyTokens).sum();
            int calls = last.getFirst().stream().mapToInt(t -> t.toolCalls().size()).sum();
            double plainRate = batch * newTokens / times[0], rolloutRate = sampled / times[1];
            out.put("batch", batch);
            out.put("tool_ms", toolMillis);
            out.put("tool_calls", calls);
            out.put("sampling_tokens_per_s", plainRate);
            out.put("rollout_tokens_per_s", rolloutRate);
            out.put("ratio", rolloutRate / plainRate);
            if (!json) {
                System.out.printf("rollout: batch %d, %d new tokens; plain sampling %.0f tokens/s; rollout with %d tool calls of %d ms"
                        + " %.0f sampled tokens/s; ratio %.2f (best of %d interleaved runs each)%n", batch, newTokens, plainRate,
                        calls, toolMillis, rolloutRate, rolloutRate / plainRate, reps);
            }
        }
    }

    /**
     * Fastest seconds of {@code a} and of {@code b}, timed alternately after a warm-up of both. The
     * fastest run, not the median: on a shared machine other processes only ever add time, and the
     * median of a few runs moved the ratio by ±30% from one invocation to the next.
     */
    static double[] interleavedBest(Runnable a, Runnable b, int reps) {
        long warmUntil = System.nanoTime() + BenchCommand.WARM_UP_NANOS;
        for (int i = 0; i < 5 || System.nanoTime() < warmUntil; i++) {
            a.run();
            b.run();
        }
        double[] ta = new double[reps], tb = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            long t2 = System.nanoTime();
            ta[i] = (t1 - t0) * 1e-9;
            tb[i] = (t2 - t1) * 1e-9;
        }
        return new double[] {java.util.Arrays.stream(ta).min().orElseThrow(), java.util.Arrays.stream(tb).min().orElseThrow()};
    }

    /** A tool that takes {@code millis} and prints one line: a fast sandbox call without the CPU it would take. */
    private record SleepingTool(int millis) implements Tool {
        @Override
        public String name() {
            return "python";
        }

        @Override
        public String description() {
            return "sleeps, then prints 7";
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("type", "object");
        }

        @Override
        public String inputFromArguments(Map<String, Object> arguments) {
            return "";
        }

        @Override
        public ToolResult execute(String input) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ToolResult(ToolStatus.OK, "7\n", "", 0, millis);
        }
    }

    /** A tokenizer whose 64 tokens are {@link #CHARACTERS}, written to a temporary directory and loaded. */
    static Tokenizer characterTokenizer() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens");
        root.putNull("normalizer");
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < CHARACTERS.length(); i++) vocab.put(CHARACTERS.substring(i, i + 1), i);
        model.putArray("merges");
        try {
            Path dir = Files.createTempDirectory("reason4j-bench-tokenizer");
            json.writeValue(dir.resolve("tokenizer.json").toFile(), root);
            Tokenizer tokenizer = Tokenizer.load(dir);
            Files.delete(dir.resolve("tokenizer.json"));
            Files.delete(dir);
            return tokenizer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
