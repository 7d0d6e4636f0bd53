package io.reason4j.cli;

import io.reason4j.engine.Engine;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.engine.remote.RemoteEngine;
import io.reason4j.model.GenerationConfig;
import io.reason4j.model.ModelConfig;
import io.reason4j.text.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * An engine a command generates with, local or remote, with what the command needs around it: the
 * tokenizer (answers are read and tool calls found in text), the default stop tokens, and names.
 *
 * @param name      the model directory or endpoint, absolute, as evaluation settings record it
 * @param shortName a few words for default output directories ({@code rl-model}, {@code localhost-8000})
 * @param resources closed with the engine (the model's mapped weights, the HTTP client)
 */
record OpenedEngine(String name, String shortName, Engine engine, Tokenizer tokenizer, Set<Integer> stopTokenIds, AutoCloseable resources)
        implements AutoCloseable {

    /** A local model directory, which must have a tokenizer ({@code why} says for what). */
    static OpenedEngine local(Path dir, String why) {
        ModelDirectory m = ModelDirectory.open(dir);
        Tokenizer tokenizer = m.tokenizer().orElse(null);
        if (tokenizer == null) {
            m.close();
            throw new UserInputException(dir + " has no tokenizer.json; " + why);
        }
        return new OpenedEngine(dir.toAbsolutePath().normalize().toString(), shortName(dir), m.engine(), tokenizer, m.stopTokenIds(), m);
    }

    /**
     * Remote servers: the tokenizer (and with it the chat template and the EOS tokens, found as vLLM
     * finds them: the tokenizer's, config.json's and generation_config.json's) comes from
     * {@code --tokenizer}.
     */
    static OpenedEngine remote(String endpoints, RemoteFlags flags) {
        if (flags.tokenizer == null) {
            throw new UserInputException("--endpoint needs --tokenizer DIR: the served model's tokenizer.json and chat template, to write"
                    + " prompts and read answers");
        }
        if (!Files.isRegularFile(flags.tokenizer.resolve("tokenizer.json"))) {
            throw new UserInputException("--tokenizer " + flags.tokenizer + ": no tokenizer.json there");
        }
        Tokenizer tokenizer = Tokenizer.load(flags.tokenizer);
        try {
            Set<Integer> stops = new TreeSet<>();
            Path config = flags.tokenizer.resolve(ModelConfig.FILE_NAME);
            if (Files.isRegularFile(config)) stops.addAll(ModelConfig.read(config).eosTokenIds());
            GenerationConfig.read(flags.tokenizer).ifPresent(g -> stops.addAll(g.eosTokenIds()));
            tokenizer.eosTokenId().ifPresent(stops::add);
            RemoteEngine engine = RemoteEngine.connect(flags.options(endpoints), tokenizer);
            String first = engine.client().options().endpoints().getFirst().getAuthority().replaceAll("[^A-Za-z0-9.-]", "-");
            AutoCloseable resources = () -> {
                engine.close();
                tokenizer.close();
            };
            return new OpenedEngine(String.join(",", engine.client().options().endpoints().stream().map(Object::toString).toList())
                    + " (" + engine.model() + ")", first, engine, tokenizer, Collections.unmodifiableSet(stops), resources);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** {@code runs/x/rl/model} says more as {@code rl-model}. */
    static String shortName(Path model) {
        Path abs = model.toAbsolutePath().normalize();
        String last = abs.getFileName() == null ? "model" : abs.getFileName().toString();
        if (last.equals("model") && abs.getParent() != null && abs.getParent().getFileName() != null) last = abs.getParent().getFileName() + "-" + last;
        return last;
    }

    /** A file's name without its extensions, for default output directories. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
