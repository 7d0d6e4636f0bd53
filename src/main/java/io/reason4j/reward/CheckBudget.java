package io.reason4j.reward;

import java.math.BigInteger;

/**
 * The running state of one check against its {@link VerificationBudget}: the deadline and the size
 * limits. One instance per check and per thread, so the verifier itself stays immutable.
 */
final class CheckBudget {
    /**
     * Nesting that any thread's stack holds whatever the path through the parser and the comparison;
     * deeper answers are checked on a thread with a stack sized for the whole budget ({@link MathVerifier}).
     */
    static final int SHALLOW_DEPTH = 32;

    private final VerificationBudget limits;
    private final long deadlineNanos;
    private int ticks;
    private int depthLimit;

    CheckBudget(VerificationBudget limits) {
        this.limits = limits;
        this.deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
        this.depthLimit = Math.min(SHALLOW_DEPTH, limits.maxDepth());
    }

    /** Lets the check go as deep as the budget allows: only on a thread whose stack holds that. */
    void allowFullDepth() {
        depthLimit = limits.maxDepth();
    }

    VerificationBudget limits() {
        return limits;
    }

    /** Called from every loop and recursion that can take long; reads the clock every 64 calls. */
    void tick() {
        if ((++ticks & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new BudgetExceededException("time budget of " + limits.timeout().toMillis() + " ms exceeded");
        }
    }

    /** Refuses nesting beyond the budget; beyond the shallow limit, asks for a deeper stack ({@link DeepAnswerException}). */
    void checkDepth(int depth) {
        if (depth > depthLimit && depthLimit < limits.maxDepth()) throw new DeepAnswerException();
        if (depth > limits.maxDepth()) {
            throw new BudgetExceededException("too deeply nested to check (more than " + limits.maxDepth() + " levels)");
        }
    }

    /** Refuses work whose result would have more than maxBits bits, before doing it. */
    void checkBits(long estimatedBits, String what) {
        if (estimatedBits > limits.maxBits()) {
            throw new BudgetExceededException(what + " too large (about " + estimatedBits + " bits, the limit is " + limits.maxBits() + ")");
        }
    }

    ExactRational checked(ExactRational value) {
        checkBits(value.bitLength(), "number");
        return value;
    }

    void checkBits(BigInteger value) {
        checkBits(value.bitLength(), "number");
    }
}
