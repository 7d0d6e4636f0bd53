package io.reason4j.server;

import io.reason4j.engine.ModelDirectory;
import io.reason4j.model.Decoder;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.Tokenizer;
import java.util.Set;

/**
 * The model a server answers for.
 *
 * @param name          the id clients pass as {@code model} (vLLM's {@code --served-model-name})
 * @param decoder       the weights; the server's scheduler thread runs it, so nothing else may while it serves
 *                      (a decoder reuses its scratch buffers)
 * @param tokenizer     for text prompts, texts and stop strings; null for a model without tokenizer.json
 *                      (then only token-id prompts work)
 * @param chatTemplate  for {@code /v1/chat/completions}; null when the tokenizer has none
 * @param stopTokenIds  the tokens that end a completion unless {@code ignore_eos} (EOS of the tokenizer,
 *                      config.json and generation_config.json)
 */
public record ServedModel(String name, Decoder decoder, Tokenizer tokenizer, ChatTemplate chatTemplate, Set<Integer> stopTokenIds) {

    public ServedModel {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a served model needs a name");
        stopTokenIds = Set.copyOf(stopTokenIds);
    }

    /** The model of an open directory, its chat template from tokenizer_config.json. */
    public static ServedModel of(ModelDirectory dir, String name) {
        Tokenizer tokenizer = dir.tokenizer().orElse(null);
        return new ServedModel(name, dir.decoder(), tokenizer, tokenizer == null ? null : tokenizer.chatTemplate().orElse(null),
                dir.stopTokenIds());
    }

    /** The most tokens a sequence may hold, prompt included. */
    public int contextLimit() {
        return decoder.config().maxPositionEmbeddings();
    }

    public int vocabSize() {
        return decoder.config().vocabSize();
    }
}
