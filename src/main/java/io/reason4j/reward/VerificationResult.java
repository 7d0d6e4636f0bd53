package io.reason4j.reward;

/**
 * The outcome of one check, with what it was based on.
 *
 * @param verdict equivalent, not equivalent, or undecided (the rules could not read or compare)
 * @param extractedGold the reference answer as taken from the reference text, or null
 * @param extractedPred the answer as taken from the response, or null
 * @param rule the rule that took the answer from the response, or null when none was taken
 * @param reason why, in words, led by the rule: "boxed: equal as exact numbers (1/3)", "several different boxed answers", ...
 */
public record VerificationResult(Verdict verdict, String extractedGold, String extractedPred, ExtractionRule rule, String reason) {

    public boolean equivalent() {
        return verdict == Verdict.EQUIVALENT;
    }

    /** One line for logs and reward explanations. */
    public String explain() {
        return "reference " + quoted(extractedGold) + ", prediction " + quoted(extractedPred) + ": "
                + verdict.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + reason + ")";
    }

    private static String quoted(String s) {
        if (s == null) return "(none)";
        return "'" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "'";
    }
}
