package io.reason4j.reward;

import java.time.Duration;

/**
 * The hard limits of one equivalence check. A pathological answer ({@code 10^{10^{10}}}, 10⁵ nested
 * parentheses, a 10 MB string) hits one of these and is reported "not equivalent" with the limit as
 * the reason, instead of hanging, exhausting memory or overflowing the stack.
 *
 * @param maxResponseChars longest response (model output) that is searched for an answer
 * @param maxAnswerChars longest extracted answer that is parsed
 * @param maxDepth deepest nesting the parser accepts: brackets and braces, function arguments, prefix
 *     signs (it recurses, so this bounds the stack it uses; the default, 256 levels, needs less than
 *     a 512 KB thread stack, half the JVM's default)
 * @param maxBits largest exact integer (numerator or denominator) any intermediate result may have;
 *     2006! has about 19,000 bits, so the default leaves room for factorial answers
 * @param maxDigits most decimal digits of working precision for irrational values
 * @param timeout wall-clock time for one check, parsing and comparison together
 */
public record VerificationBudget(int maxResponseChars, int maxAnswerChars, int maxDepth, int maxBits, int maxDigits,
        Duration timeout) {

    public static VerificationBudget defaults() {
        return new VerificationBudget(1_000_000, 4_000, 256, 1 << 17, 1_500, Duration.ofMillis(500));
    }

    public VerificationBudget {
        if (maxResponseChars < 1 || maxAnswerChars < 1 || maxDepth < 4 || maxBits < 64 || maxDigits < 32) {
            throw new IllegalArgumentException("verification budget too small: " + this);
        }
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("verification timeout must be positive");
    }

    public VerificationBudget withMaxAnswerChars(int chars) {
        return new VerificationBudget(maxResponseChars, chars, maxDepth, maxBits, maxDigits, timeout);
    }

    public VerificationBudget withMaxResponseChars(int chars) {
        return new VerificationBudget(chars, maxAnswerChars, maxDepth, maxBits, maxDigits, timeout);
    }

    public VerificationBudget withTimeout(Duration t) {
        return new VerificationBudget(maxResponseChars, maxAnswerChars, maxDepth, maxBits, maxDigits, t);
    }
}
