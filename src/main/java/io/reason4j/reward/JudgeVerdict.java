package io.reason4j.reward;

/**
 * A judge model's decision, kept whole for audit.
 *
 * @param verdict EQUIVALENT for YES, NOT_EQUIVALENT for NO, UNDECIDED when the completion says neither
 * @param reasoning the completion before its final YES/NO
 * @param completion the model's whole completion
 */
public record JudgeVerdict(Verdict verdict, String reasoning, String completion) {}
