package io.reason4j.reward;

/**
 * Rules first, a judge model only where they cannot decide: when the rules say UNDECIDED (an answer
 * in words, a construct the parser does not read), the judge is asked about the two extracted
 * answers. The rules' definite verdicts — hedges, budget refusals included — are never overruled.
 */
public final class JudgedVerifier implements AnswerVerifier {
    private final AnswerVerifier rules;
    private final ModelJudge judge;

    public JudgedVerifier(AnswerVerifier rules, ModelJudge judge) {
        this.rules = rules;
        this.judge = judge;
    }

    @Override
    public VerificationResult verify(String reference, String response, String prompt) {
        VerificationResult r = rules.verify(reference, response, prompt);
        if (r.verdict() != Verdict.UNDECIDED) return r;
        String gold = r.extractedGold() != null ? r.extractedGold() : reference;
        String pred = r.extractedPred() != null ? r.extractedPred() : response;
        JudgeVerdict j = judge.judge(prompt, gold, pred);
        String reason = "rules undecided (" + r.reason() + "); judge: " + switch (j.verdict()) {
            case EQUIVALENT -> "YES";
            case NOT_EQUIVALENT -> "NO";
            case UNDECIDED -> "no verdict";
        } + " — " + j.reasoning();
        return new VerificationResult(j.verdict(), r.extractedGold(), r.extractedPred(), r.rule(), reason);
    }
}
