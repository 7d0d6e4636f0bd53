package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.model.KvCache;
import io.reason4j.tensor.LogSoftmax;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reason4j score}: log-probabilities of a token sequence under a model. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Print the log-probability of each next token of --ids as JSON.")
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model directory") Path model;
    @Option(names = "--ids", required = true, description = "token ids, comma-separated: 3,17,5") String ids;
    @Option(names = "--full-logprobs", description = "print the full log-softmax at every position") boolean full;

    @Override
    public Integer call() throws Exception {
        try (ModelDirectory dir = ModelDirectory.open(model)) {
            int vocab = dir.config().vocabSize();
            int[] tokens = TokenIds.parse("--ids", ids, vocab);
            float[] logits = dir.decoder().logitsOf(tokens, new KvCache(dir.config()));
            ObjectMapper json = new ObjectMapper();
            ObjectNode out = json.createObjectNode();
            double[] row = new double[vocab];
            if (full) {
                ArrayNode rows = out.putArray("logprobs");
                for (int t = 0; t < tokens.length; t++) {
                    LogSoftmax.forward(logits, t * vocab, vocab, row, 0);
                    ArrayNode r = rows.addArray();
                    for (double v : row) r.add(v);
                }
            } else {
                ArrayNode next = out.putArray("token_logprobs");
                for (int t = 0; t + 1 < tokens.length; t++) {
                    next.add(logits[t * vocab + tokens[t + 1]] - LogSoftmax.logSumExp(logits, t * vocab, vocab));
                }
            }
            System.out.println(json.writeValueAsString(out));
            return 0;
        }
    }
}
