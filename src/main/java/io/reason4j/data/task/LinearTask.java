package io.reason4j.data.task;

import io.reason4j.model.SplitMix64;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Linear equations with integer solutions, made from the solution: {@code Solve 37x - 418 = 1287.}
 * (move the constant, divide) or, with two unknowns, a 2x2 system solved by Cramer's rule
 * (determinant, then x and y), answered as the pair {@code (x, y)}.
 */
public final class LinearTask extends BuiltInTask {
    public static final String NAME = "linear";
    public static final String DESCRIPTION = "a linear equation ax + b = c, or a 2x2 linear system, with an integer solution";
    public static final List<TaskOption> OPTIONS = List.of(
            TaskOption.integer("unknowns", 1, 1, 2, "1: ax + b = c; 2: a system of two equations in x and y"),
            TaskOption.integer("digits", 2, 1, 4, "digits of the coefficients (the constant b of one equation has one more)"),
            TaskOption.integer("solution_digits", 2, 1, 4, "digits of the solution (its sign is random)"));

    private final int unknowns;
    private final int digits;
    private final int solutionDigits;

    public LinearTask(TaskOptions options) {
        super(NAME, DESCRIPTION, options);
        this.unknowns = options.integer("unknowns");
        this.digits = options.integer("digits");
        this.solutionDigits = options.integer("solution_digits");
    }

    @Override
    public TaskProblem problem(long seed) {
        RandomGenerator rng = new SplitMix64(seed);
        return unknowns == 1 ? oneUnknown(seed, rng) : system(seed, rng);
    }

    private TaskProblem oneUnknown(long seed, RandomGenerator rng) {
        long a = Draw.number(rng, digits), x = signed(rng, solutionDigits), b = signed(rng, digits + 1);
        long c = a * x + b;
        String moved = c + (b < 0 ? "+" + -b : "-" + b);
        List<CalculationStep> steps = List.of(
                CalculationStep.printing(moved, moved, c - b),
                CalculationStep.printing("{0}//" + a, "{0}/" + a, x));
        String question = "Solve " + a + "x " + signedTerm(b, "") + " = " + c + ".";
        return new TaskProblem(NAME + "-" + seed, NAME, seed, question, Long.toString(x), steps, "{1}", options().values());
    }

    private TaskProblem system(long seed, RandomGenerator rng) {
        long a1, b1, a2, b2, det;
        do {
            a1 = signed(rng, digits);
            b1 = signed(rng, digits);
            a2 = signed(rng, digits);
            b2 = signed(rng, digits);
            det = a1 * b2 - a2 * b1;
        } while (det == 0);
        long x = signed(rng, solutionDigits), y = signed(rng, solutionDigits);
        long c1 = a1 * x + b1 * y, c2 = a2 * x + b2 * y;
        String detExpr = a1 + "*" + p(b2) + "-" + p(a2) + "*" + p(b1);
        String xNum = "(" + c1 + "*" + p(b2) + "-" + p(c2) + "*" + p(b1) + ")";
        String yNum = "(" + a1 + "*" + p(c2) + "-" + p(a2) + "*" + p(c1) + ")";
        List<CalculationStep> steps = List.of(
                CalculationStep.printing(detExpr, detExpr, det),
                CalculationStep.printing(xNum + "//{0}", xNum + "/{0}", x),
                CalculationStep.printing(yNum + "//{0}", yNum + "/{0}", y));
        String question = "Solve " + a1 + "x " + signedTerm(b1, "y") + " = " + c1 + ", "
                + a2 + "x " + signedTerm(b2, "y") + " = " + c2 + ".";
        return new TaskProblem(NAME + "-" + seed, NAME, seed, question, "(" + x + ", " + y + ")", steps, "({1}, {2})", options().values());
    }

    /** A number of the given digits with a random sign. */
    private static long signed(RandomGenerator rng, int digits) {
        long n = Draw.number(rng, digits);
        return rng.nextBoolean() ? n : -n;
    }

    /** {@code + 418} or {@code - 418}, with the unknown's name after the number. */
    private static String signedTerm(long n, String unknown) {
        return (n < 0 ? "- " + -n : "+ " + n) + unknown;
    }

    /** A factor after an operator: negative numbers in parentheses, as Python and a reader need. */
    private static String p(long n) {
        return n < 0 ? "(" + n + ")" : Long.toString(n);
    }
}
