package io.reason4j.reward;

import java.math.BigInteger;

/**
 * The running state of one check against its {@link VerificationBudget}: the deadline and the size
 * limits. One instance per check and per thread, so the verifier itself stays immutable.
 */
final class CheckBudget {
    private final VerificationBudget limits;
    private final long deadlineNanos;
    private int ticks;

    CheckBudget(VerificationBudget limits) {
        this.limits = limits;
        this.deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
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

    void checkDepth(int depth) {
        if (depth > limits.maxDepth()) {
            throw new BudgetExceededException("nesting deeper than " + limits.maxDepth() + " levels");
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
