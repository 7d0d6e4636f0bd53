package io.reason4j.engine;

import io.reason4j.model.Decoder;
import io.reason4j.model.DecoderWeights;
import io.reason4j.model.GenerationConfig;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.ModelFormatException;
import io.reason4j.model.SafetensorsReader;
import io.reason4j.text.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Hugging Face model directory opened for use: config.json, the memory-mapped safetensors
 * weights, and the tokenizer when the directory has a tokenizer.json. Closing unmaps the weights.
 */
public final class ModelDirectory implements AutoCloseable {
    private final Path dir;
    private final SafetensorsReader reader;
    private final Decoder decoder;
    private final Tokenizer tokenizer;
    private final Set<Integer> stopTokenIds;

    private ModelDirectory(Path dir, SafetensorsReader reader, Decoder decoder, Tokenizer tokenizer, Set<Integer> stopTokenIds) {
        this.dir = dir;
        this.reader = reader;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.stopTokenIds = stopTokenIds;
    }

    /** Opens the model in {@code dir}; a user mistake surfaces as a ModelFormatException or TextFormatException. */
    public static ModelDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) throw new ModelFormatException("model directory " + dir + " does not exist");
        ModelConfig config = ModelConfig.read(dir.resolve(ModelConfig.FILE_NAME));
        SafetensorsReader reader = SafetensorsReader.open(dir);
        try {
            Decoder decoder = new Decoder(DecoderWeights.load(config, reader));
            // As vLLM: the tokenizer's EOS plus every eos_token_id of config.json and generation_config.json.
            // generation_config.json is read before the tokenizer, which a failure here would leave open.
            Set<Integer> stops = new TreeSet<>(config.eosTokenIds());
            GenerationConfig.read(dir).ifPresent(g -> stops.addAll(g.eosTokenIds()));
            Tokenizer tokenizer = Files.isRegularFile(dir.resolve("tokenizer.json")) ? Tokenizer.load(dir) : null;
            if (tokenizer != null) tokenizer.eosTokenId().ifPresent(stops::add);
            return new ModelDirectory(dir, reader, decoder, tokenizer, Collections.unmodifiableSet(stops));
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    public Path path() {
        return dir;
    }

    public ModelConfig config() {
        return decoder.config();
    }

    public Decoder decoder() {
        return decoder;
    }

    public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    /** The tokens that end a generation by default (EOS of the tokenizer, config.json and generation_config.json). */
    public Set<Integer> stopTokenIds() {
        return stopTokenIds;
    }

    /** An engine over this model; stop strings and texts need the tokenizer. */
    public LocalEngine engine() {
        return new LocalEngine(decoder, tokenizer);
    }

    @Override
    public void close() {
        if (tokenizer != null) tokenizer.close();
        reader.close();
    }
}
