package io.reason4j.data.task;

import io.reason4j.model.SplitMix64;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Multi-step arithmetic on multi-digit numbers, applied left to right: {@code Compute (347+28)*19.}
 * Each operation is one calculation step. Division is always exact (the divisor is drawn among the
 * running value's divisors), so every answer is an integer. As a word problem the same chain is told
 * as a story about a quantity that never goes negative.
 */
public final class ArithmeticTask extends BuiltInTask {
    public static final String NAME = "arithmetic";
    public static final String DESCRIPTION = "multi-step integer arithmetic on multi-digit numbers, optionally as a short word problem";
    public static final List<TaskOption> OPTIONS = List.of(
            TaskOption.integer("steps", 2, 1, 8, "number of operations (calculation steps)"),
            TaskOption.integer("digits", 2, 1, 6, "digits of each number"),
            TaskOption.characters("operations", "+-*", "+-*/", "operations drawn from; division is exact"),
            TaskOption.bool("word_problems", false, "tell the calculation as a short story instead of an expression"));

    /** Divisors are looked for up to here, so that a division step stays cheap to make. */
    private static final int MAX_DIVISOR = 9999;
    private static final List<String> NAMES = List.of("Ana", "Ben", "Kim", "Raj", "Sam", "Lea", "Tom", "Mia");
    private static final List<String> ITEMS = List.of("coins", "stamps", "beads", "cards", "apples", "marbles", "shells");

    private final int steps;
    private final int digits;
    private final String operations;
    private final boolean words;

    public ArithmeticTask(TaskOptions options) {
        super(NAME, DESCRIPTION, options);
        this.steps = options.integer("steps");
        this.digits = options.integer("digits");
        this.operations = options.string("operations");
        this.words = options.bool("word_problems");
        if (operations.equals("/")) {
            throw new TaskOptionException("task." + NAME + ".operations", "got \"/\" (a string); allowed: " + OPTIONS.get(2).allowed()
                    + ", with at least one of + - * besides /, since a chain of divisions soon has no divisor left");
        }
    }

    @Override
    public TaskProblem problem(long seed) {
        RandomGenerator rng = new SplitMix64(seed);
        BigInteger value = BigInteger.valueOf(Draw.number(rng, digits));
        String expression = value.toString();
        boolean lastAdditive = false;  // whether the expression so far ends in + or - at its top level
        List<CalculationStep> steps = new ArrayList<>();
        StringBuilder story = new StringBuilder();
        String name = Draw.pick(rng, NAMES), items = Draw.pick(rng, ITEMS);
        story.append(name).append(" has ").append(value).append(' ').append(items).append('.');
        for (int i = 0; i < this.steps; i++) {
            char op = Draw.pick(rng, operations);
            long b = Draw.number(rng, digits);
            if (op == '/') {
                List<Long> divisors = divisors(value);
                if (divisors.isEmpty()) op = Draw.pick(rng, operations.replace("/", ""));
                else b = Draw.pick(rng, divisors);
            }
            if (op == '-' && words && value.compareTo(BigInteger.valueOf(b)) <= 0) {
                // A story's quantity stays positive: give away less than there is, or get more.
                if (value.compareTo(BigInteger.ONE) > 0) b = Draw.between(rng, 1, value.longValueExact() - 1);
                else op = '+';
            }
            BigInteger bb = BigInteger.valueOf(b);
            BigInteger next = switch (op) {
                case '+' -> value.add(bb);
                case '-' -> value.subtract(bb);
                case '*' -> value.multiply(bb);
                default -> value.divide(bb);
            };
            String left = i == 0 ? value.toString() : "{" + (i - 1) + "}";
            steps.add(CalculationStep.printing(left + (op == '/' ? "//" : String.valueOf(op)) + b, left + op + b, next));
            boolean multiplicative = op == '*' || op == '/';
            expression = (multiplicative && lastAdditive ? "(" + expression + ")" : expression) + op + b;
            lastAdditive = !multiplicative;
            story.append(' ').append(sentence(name, op, b));
            value = next;
        }
        String question = words
                ? story.append(" How many ").append(items).append(" does ").append(name).append(" have now?").toString()
                : "Compute " + expression + ".";
        return new TaskProblem(NAME + "-" + seed, NAME, seed, question, value.toString(), steps,
                "{" + (this.steps - 1) + "}", options().values());
    }

    /** Divisors of |value| in [2, min(MAX_DIVISOR, largest number of the given digits)], other than |value| itself. */
    private List<Long> divisors(BigInteger value) {
        List<Long> out = new ArrayList<>();
        BigInteger v = value.abs();
        long high = Math.min(MAX_DIVISOR, Draw.pow10(digits) - 1);
        boolean small = v.bitLength() < 63;  // the usual case: long remainders, no BigInteger per candidate
        long lv = small ? v.longValueExact() : 0;
        if (small) high = Math.min(high, lv - 1);
        for (long d = 2; d <= high; d++) {
            if (small ? lv % d == 0 : v.mod(BigInteger.valueOf(d)).signum() == 0) out.add(d);
        }
        return out;
    }

    private static String sentence(String name, char op, long b) {
        return switch (op) {
            case '+' -> name + " gets " + b + " more.";
            case '-' -> name + " gives away " + b + ".";
            case '*' -> name + " ends up with " + b + " times as many.";
            default -> name + " splits them into " + b + " equal groups and keeps one.";
        };
    }
}
