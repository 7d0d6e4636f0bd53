package io.reason4j.data.task;

import io.reason4j.model.SplitMix64;
import java.math.BigInteger;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Modular arithmetic: a power {@code 347^13 mod 97} (reduce the base, then the modular power) or a
 * linear form {@code (347*28+913) mod 97} (product, sum, remainder). Remainders are Python's
 * ({@code %}, never negative); every number is positive.
 */
public final class ModularTask extends BuiltInTask {
    public static final String NAME = "modular";
    public static final String DESCRIPTION = "a^e mod m, or (a*b+c) mod m";
    public static final List<TaskOption> OPTIONS = List.of(
            TaskOption.choice("form", "mixed", List.of("power", "linear", "mixed"), "power: a^e mod m; linear: (a*b+c) mod m; mixed: either, at random"),
            TaskOption.integer("digits", 3, 1, 6, "digits of a, b and c"),
            TaskOption.integer("modulus_digits", 2, 1, 4, "digits of the modulus m"),
            TaskOption.integer("exponent_digits", 2, 1, 4, "digits of the exponent e"));

    private final String form;
    private final int digits;
    private final int modulusDigits;
    private final int exponentDigits;

    public ModularTask(TaskOptions options) {
        super(NAME, DESCRIPTION, options);
        this.form = options.string("form");
        this.digits = options.integer("digits");
        this.modulusDigits = options.integer("modulus_digits");
        this.exponentDigits = options.integer("exponent_digits");
    }

    @Override
    public TaskProblem problem(long seed) {
        RandomGenerator rng = new SplitMix64(seed);
        boolean power = switch (form) {
            case "power" -> true;
            case "linear" -> false;
            default -> rng.nextBoolean();
        };
        BigInteger m = BigInteger.valueOf(Draw.number(rng, modulusDigits));
        BigInteger a = BigInteger.valueOf(Draw.number(rng, digits));
        String id = NAME + "-" + seed;
        if (power) {
            int e = (int) Draw.number(rng, exponentDigits);
            BigInteger reduced = a.mod(m);
            BigInteger result = reduced.modPow(BigInteger.valueOf(e), m);
            List<CalculationStep> steps = List.of(
                    CalculationStep.printing(a + " % " + m, a + " mod " + m, reduced),
                    CalculationStep.printing("pow({0}, " + e + ", " + m + ")", "{0}^" + e + " mod " + m, result));
            return new TaskProblem(id, NAME, seed, "Compute " + a + "^" + e + " mod " + m + ".", result.toString(), steps, "{1}", options().values());
        }
        BigInteger b = BigInteger.valueOf(Draw.number(rng, digits));
        BigInteger c = BigInteger.valueOf(Draw.number(rng, digits));
        BigInteger product = a.multiply(b), sum = product.add(c), result = sum.mod(m);
        List<CalculationStep> steps = List.of(
                CalculationStep.printing(a + "*" + b, a + "*" + b, product),
                CalculationStep.printing("{0}+" + c, "{0}+" + c, sum),
                CalculationStep.printing("{1} % " + m, "{1} mod " + m, result));
        return new TaskProblem(id, NAME, seed, "Compute (" + a + "*" + b + "+" + c + ") mod " + m + ".", result.toString(), steps, "{2}", options().values());
    }
}
