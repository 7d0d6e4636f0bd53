package io.reason4j.engine;

import io.reason4j.model.Decoder;
import io.reason4j.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/** The in-process engine: all requests of a call decoded together on the Java decoder. */
public final class LocalEngine implements Engine {
    private final Decoder decoder;
    private final Tokenizer tokenizer;

    /** @param tokenizer for stop strings and completion texts, or null for a model without one */
    public LocalEngine(Decoder decoder, Tokenizer tokenizer) {
        this.decoder = decoder;
        this.tokenizer = tokenizer;
    }

    public Decoder decoder() {
        return decoder;
    }

    @Override
    public GenerationBatch newBatch() {
        return new GenerationBatch(decoder, tokenizer);
    }

    @Override
    public List<Completion> generate(List<GenerationRequest> requests) {
        try (GenerationBatch batch = newBatch()) {
            for (GenerationRequest r : requests) batch.add(r.promptIds(), r.params());
            batch.run();
            List<Completion> out = new ArrayList<>(requests.size());
            for (int i = 0; i < batch.size(); i++) {
                GenerationBatch.Sequence s = batch.sequence(i);
                int[] ids = s.turnTokens();
                out.add(new Completion(ids, s.turnLogprobs(), s.finishReason(),
                        tokenizer == null ? null : tokenizer.decode(ids, false)));
            }
            return out;
        }
    }
}
