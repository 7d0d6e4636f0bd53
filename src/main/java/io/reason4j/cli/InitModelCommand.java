package io.reason4j.cli;

import io.reason4j.model.Architecture;
import io.reason4j.model.DType;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.SafetensorsReader;
import io.reason4j.model.SafetensorsWriter;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reason4j init-model}: a randomly initialised model as a Hugging Face directory. */
@Command(name = "init-model", mixinStandardHelpOptions = true,
        description = "Write a randomly initialised Llama or Qwen2 model (config.json + model.safetensors).")
final class InitModelCommand implements Callable<Integer> {
    enum Arch { qwen2, llama }

    @Option(names = "--arch", required = true, description = "qwen2 or llama") Arch arch;
    @Option(names = "--vocab", required = true, description = "vocabulary size") int vocab;
    @Option(names = "--hidden", required = true, description = "hidden size") int hidden;
    @Option(names = "--layers", required = true, description = "number of decoder layers") int layers;
    @Option(names = "--heads", required = true, description = "attention heads") int heads;
    @Option(names = "--kv-heads", required = true, description = "key/value heads (GQA when fewer than heads)") int kvHeads;
    @Option(names = "--intermediate", required = true, description = "MLP intermediate size") int intermediate;
    @Option(names = "--head-dim", description = "per-head size (default hidden/heads)") Integer headDim;
    @Option(names = "--tied", description = "tie the LM head to the embedding") boolean tied;
    @Option(names = "--value-head", description = "add a scalar value head (score.weight), for critics") boolean valueHead;
    @Option(names = "--max-position", defaultValue = "4096", description = "context length (default ${DEFAULT-VALUE})") int maxPosition;
    @Option(names = "--rope-theta", description = "RoPE base (default 10000 for llama, 1000000 for qwen2)") Double ropeTheta;
    @Option(names = "--dtype", defaultValue = "F32", description = "F32, BF16 or F16 (default ${DEFAULT-VALUE})") DType dtype;
    @Option(names = "--init-std", defaultValue = "0.02", description = "std of the normal init, HF's initializer_range (default ${DEFAULT-VALUE})") double std;
    @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--out", required = true, description = "output directory") Path out;

    @Override
    public Integer call() throws Exception {
        if (heads > 0 && hidden % heads != 0 && headDim == null) {
            throw new UserInputException("--hidden " + hidden + " is not divisible by --heads " + heads + "; pass --head-dim");
        }
        Architecture a = arch == Arch.qwen2 ? Architecture.QWEN2 : Architecture.LLAMA;
        double theta = ropeTheta != null ? ropeTheta : a == Architecture.QWEN2 ? 1_000_000.0 : 10_000.0;
        ModelConfig config = new ModelConfig(a, vocab, hidden, layers, heads, kvHeads,
                headDim != null ? headDim : heads > 0 ? hidden / heads : 0, intermediate, 1e-6, theta, null, tied,
                a == Architecture.QWEN2, maxPosition, null, List.of());
        Files.createDirectories(OutputDirectory.check(out, "--out"));
        try (Arena arena = Arena.ofConfined()) {
            DecoderWeights weights = DecoderWeights.initialize(config, valueHead, seed, std, arena);
            SafetensorsWriter.write(out.resolve(SafetensorsReader.SINGLE_FILE), weights.tensors(), dtype, Map.of("format", "pt"));
        }
        config.write(out.resolve(ModelConfig.FILE_NAME), dtype);
        long params = 0;
        for (var e : io.reason4j.model.WeightLayout.entries(config, valueHead)) {
            long n = 1;
            for (long s : e.shape()) n *= s;
            params += n;
        }
        System.out.printf("wrote %s model with %,d parameters to %s%n", config.architecture().hfClassName(), params, out);
        return 0;
    }
}
