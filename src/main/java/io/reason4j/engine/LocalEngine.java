package io.reason4j.engine;

import io.reason4j.model.Decoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The in-process engine: all requests of a call decoded together on the Java decoder. */
public final class LocalEngine implements Engine {
    private final Decoder decoder;
    private final Function<int[], String> detokenizer;

    /** @param detokenizer ids to text, or null for a model without a tokenizer */
    public LocalEngine(Decoder decoder, Function<int[], String> detokenizer) {
        this.decoder = decoder;
        this.detokenizer = detokenizer;
    }

    public Decoder decoder() {
        return decoder;
    }

    /** Starts a batch of live sequences for multi-turn use (tool calls, budget forcing). */
    public GenerationBatch newBatch() {
        return new GenerationBatch(decoder, detokenizer);
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
                        detokenizer == null ? null : detokenizer.apply(ids)));
            }
            return out;
        }
    }
}
