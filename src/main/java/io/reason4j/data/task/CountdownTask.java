package io.reason4j.data.task;

import io.reason4j.model.SplitMix64;
import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.VerifierSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Countdown (the numbers game; TinyZero's RL task): make the target from the given numbers with
 * {@code + - * /}, each number used exactly once (or at most once). Only solvable instances are made:
 * the target is the value of a random expression over the numbers, built as a solver would, by
 * combining two of the current values at a time; each combination is a calculation step and stays a
 * positive integer (the larger value first for {@code -}, exact division only, never by 1). Answers
 * are not unique, so {@link CountdownVerifier} evaluates them.
 */
public final class CountdownTask extends BuiltInTask {
    public static final String NAME = "countdown";
    public static final String DESCRIPTION = "make a target from given numbers with + - * /, each number used once";
    public static final List<TaskOption> OPTIONS = List.of(
            TaskOption.integer("count", 4, 2, 6, "how many numbers are given"),
            TaskOption.integer("max_number", 25, 2, 1000, "the numbers are drawn from 1 to this"),
            TaskOption.integer("max_target", 200, 2, 1_000_000, "targets are at most this"),
            TaskOption.bool("use_all", true, "each number must be used exactly once (false: at most once)"));

    /** Draws before giving up on a seed: ample for any allowed options (a few suffice on average). */
    private static final int MAX_ATTEMPTS = 10_000;

    private final int count;
    private final int maxNumber;
    private final int maxTarget;
    private final boolean useAll;

    public CountdownTask(TaskOptions options) {
        super(NAME, DESCRIPTION, options);
        this.count = options.integer("count");
        this.maxNumber = options.integer("max_number");
        this.maxTarget = options.integer("max_target");
        this.useAll = options.bool("use_all");
    }

    @Override
    public AnswerVerifier verifier(VerifierSettings settings) {
        return new CountdownVerifier(settings.answerPolicy());
    }

    /** Its answers are expressions of the given integers, evaluated exactly; decimals are refused. */
    @Override
    public boolean comparesDecimals() {
        return false;
    }

    /** A value during the construction: a given number, or the result of a step. */
    private record Node(long value, String expression, int precedence, String reference) {}

    @Override
    public TaskProblem problem(long seed) {
        RandomGenerator rng = new SplitMix64(seed);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<Long> numbers = new ArrayList<>();
            for (int i = 0; i < count; i++) numbers.add(Draw.between(rng, 1, maxNumber));
            int used = useAll ? count : (int) Draw.between(rng, 2, count);
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < used; i++) nodes.add(new Node(numbers.get(i), numbers.get(i).toString(), 3, numbers.get(i).toString()));
            List<CalculationStep> steps = new ArrayList<>();
            while (nodes.size() > 1) {
                Node a = nodes.remove(rng.nextInt(nodes.size()));
                Node b = nodes.remove(rng.nextInt(nodes.size()));
                nodes.add(combine(rng, a, b, steps));
            }
            long target = nodes.getFirst().value();
            if (target > maxTarget || numbers.contains(target)) continue; // a given number as target is no puzzle
            List<Long> shown = new ArrayList<>(numbers);
            // The order shown says nothing of the solution.
            for (int i = shown.size() - 1; i > 0; i--) Collections.swap(shown, i, rng.nextInt(i + 1));
            String question = "Make " + target + " from " + shown.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " with + - * /, using each number " + (useAll ? "exactly once." : "at most once.");
            return new TaskProblem(NAME + "-" + seed, NAME, seed, question, CountdownVerifier.reference(shown, target, useAll), steps,
                    nodes.getFirst().expression(), options().values());
        }
        throw new IllegalStateException("countdown: no instance found for seed " + seed + " in " + MAX_ATTEMPTS + " draws with " + options().values());
    }

    /**
     * One step: a random operation on two values that keeps a positive integer, larger value first
     * for - and /; + and * always do.
     */
    private static Node combine(RandomGenerator rng, Node a, Node b, List<CalculationStep> steps) {
        Node big = a.value() >= b.value() ? a : b, small = big == a ? b : a;
        List<Character> ops = new ArrayList<>(List.of('+', '*'));
        if (big.value() > small.value()) ops.add('-');
        if (small.value() > 1 && big.value() % small.value() == 0) ops.add('/');
        char op = Draw.pick(rng, ops);
        long value = switch (op) {
            case '+' -> a.value() + b.value();
            case '-' -> big.value() - small.value();
            case '*' -> Math.multiplyExact(a.value(), b.value());
            default -> big.value() / small.value();
        };
        Node left = op == '-' || op == '/' ? big : a, right = op == '-' || op == '/' ? small : b;
        int precedence = op == '+' || op == '-' ? 1 : 2;
        String expression = operand(left, precedence, false) + op + operand(right, precedence, op == '-' || op == '/');
        String text = left.reference() + op + right.reference();
        String code = left.reference() + (op == '/' ? "//" : String.valueOf(op)) + right.reference();
        steps.add(CalculationStep.printing(code, text, value));
        return new Node(value, expression, precedence, "{" + (steps.size() - 1) + "}");
    }

    /** An operand in the answer expression, parenthesised only where precedence or order needs it. */
    private static String operand(Node n, int precedence, boolean rightOfNonCommutative) {
        boolean parens = n.precedence() < precedence || (rightOfNonCommutative && n.precedence() == precedence);
        return parens ? "(" + n.expression() + ")" : n.expression();
    }
}
