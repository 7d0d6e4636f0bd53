package io.reason4j.reward;

/** Anything that decides whether a response answers like the reference: the rules, or rules then a judge. */
@FunctionalInterface
public interface AnswerVerifier {
    /**
     * @param prompt the question, or null; a verifier may use it to ignore restatements of the question
     */
    VerificationResult verify(String reference, String response, String prompt);
}
