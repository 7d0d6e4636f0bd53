package io.reason4j.reward;

/** A check ran into a {@link VerificationBudget} limit; the verdict is "not equivalent" with this reason. */
final class BudgetExceededException extends RuntimeException {
    BudgetExceededException(String reason) {
        super(reason, null, false, false);
    }
}
