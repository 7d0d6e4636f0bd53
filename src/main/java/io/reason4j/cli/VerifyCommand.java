package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.reward.MathVerifier;
import io.reason4j.reward.VerificationResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reason4j verify}: the math answer verifier on one pair or a file of cases (docs/verifier.md). */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Decide whether a predicted answer is equivalent to the reference: one pair as JSON (--gold, --pred), "
                + "or a file of cases (--file) with a summary and the disagreements with its expected column.")
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--gold", description = "the reference answer (bare text or LaTeX)") String gold;
    @Option(names = "--pred", description = "the response to check (the answer is extracted from it)") String pred;
    @Option(names = "--file", description = "cases.tsv (header: gold, pred, optional expected) or cases.jsonl (keys gold, pred, expected)") Path file;
    @Option(names = "--json", description = "with --file: one JSON line per case, in input order") boolean json;
    @Mixin AnswerFlags answers = new AnswerFlags();

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        MathVerifier verifier = MathVerifier.of(answers.settings());
        if (file != null) {
            if (gold != null || pred != null) throw new UserInputException("--file checks a file of cases; do not combine it with --gold or --pred");
            return batch(verifier, VerificationCaseFile.read(file));
        }
        if (gold == null || pred == null) throw new UserInputException("give --gold TEXT and --pred TEXT, or --file cases.tsv|cases.jsonl");
        System.out.println(mapper.writeValueAsString(resultJson(verifier.verify(gold, pred))));
        return 0;
    }

    private int batch(MathVerifier verifier, List<VerificationCaseFile.Case> cases) throws Exception {
        // The verifier is thread-safe; an ordered parallel stream keeps the input order.
        List<VerificationResult> results = IntStream.range(0, cases.size()).parallel()
                .mapToObj(i -> verifier.verify(cases.get(i).gold(), cases.get(i).pred())).toList();
        if (json) {
            for (int i = 0; i < cases.size(); i++) {
                ObjectNode line = mapper.createObjectNode().put("line", cases.get(i).line());
                line.setAll(resultJson(results.get(i)));
                if (cases.get(i).expected() != null) line.put("expected", cases.get(i).expected());
                System.out.println(mapper.writeValueAsString(line));
            }
            return 0;
        }
        int equivalent = 0, withExpected = 0, agree = 0;
        StringBuilder disagreements = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            VerificationCaseFile.Case c = cases.get(i);
            VerificationResult r = results.get(i);
            if (r.equivalent()) equivalent++;
            if (c.expected() == null) continue;
            withExpected++;
            if (c.expected() == r.equivalent()) {
                agree++;
            } else {
                disagreements.append("  line ").append(c.line()).append(": expected ").append(c.expected()).append(", got ")
                        .append(r.equivalent()).append(" — ").append(r.explain()).append('\n');
            }
        }
        System.out.println("cases: " + cases.size());
        System.out.println("equivalent: " + equivalent);
        if (withExpected > 0) {
            System.out.printf(java.util.Locale.ROOT, "agreement with expected: %d/%d (%.1f%%)%n", agree, withExpected, 100.0 * agree / withExpected);
            if (agree < withExpected) System.out.print("disagreements:\n" + disagreements);
        }
        return 0;
    }

    private ObjectNode resultJson(VerificationResult r) {
        ObjectNode out = mapper.createObjectNode();
        out.put("equivalent", r.equivalent());
        out.put("extracted_gold", r.extractedGold());
        out.put("extracted_pred", r.extractedPred());
        out.put("rule", r.rule() == null ? null : r.rule().configName());
        out.put("reason", r.reason());
        return out;
    }
}
