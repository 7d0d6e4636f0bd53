package io.reason4j.cli;

import io.reason4j.reward.MathVerifier;
import io.reason4j.reward.VerificationResult;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The workload of {@code reason4j bench verify}: a fixed mix of (reference, response) pairs like those
 * an RL step on grade-school and competition math produces — short responses ending in a boxed
 * integer, fraction, decimal or surd, a quarter of them wrong, some right in another form
 * ({@code \frac{1}{2}} vs {@code 0.5}, {@code 2\sqrt{2}} vs {@code \sqrt{8}}). The floor
 * (20,000 checks/s on 2 cores) is stated for exactly these "typical short answers".
 */
final class VerifierWorkload {
    /** One pair and the verdict it must get: the benchmark refuses to time a verifier that is wrong on it. */
    record Case(String gold, String response, boolean equivalent) {}

    static final List<Case> CASES = List.of(
            // integers
            new Case("12", "We have 3 boxes of 4 apples, so 3 \\cdot 4 = 12. The answer is $\\boxed{12}$.", true),
            new Case("7425000", "Multiplying out gives 7,425,000 dollars in total, so \\boxed{7425000}.", true),
            new Case("-3", "Solving $2x + 6 = 0$ gives $x = -3$. Therefore the answer is \\boxed{-3}.", true),
            new Case("42", "Adding the two counts, $17 + 24 = 41$, so the total is \\boxed{41}.", false),
            new Case("100", "The sum of the first ten odd numbers is $10^2$, i.e. \\boxed{100}.", true),
            new Case("2016", "The product telescopes to 2016. Final answer: \\boxed{2,016}", true),
            new Case("5", "So $x^2 = 25$ and since $x > 0$, $\\boxed{x = 5}$.", true),
            new Case("9", "There are $\\binom{4}{2} = 6$ ways, hence \\boxed{6}.", false),
            new Case("120", "The number of arrangements is $5! = \\boxed{120}$.", true),
            new Case("0", "All the terms cancel in pairs, leaving \\boxed{0}.", true),
            // fractions
            new Case("\\frac{1}{2}", "The probability of heads is one half, so \\boxed{0.5}.", true),
            new Case("\\frac{3}{4}", "Of the 8 outcomes 6 are favourable, so the probability is $\\boxed{\\frac{6}{8}}$.", true),
            new Case("\\frac{2}{3}", "We get $\\frac{4}{9} \\cdot \\frac{3}{2} = \\boxed{\\dfrac{2}{3}}$.", true),
            new Case("\\frac{5}{6}", "The answer is $\\boxed{\\frac{6}{5}}$.", false),
            new Case("\\frac{1}{3}", "Dividing, we find the ratio is $\\boxed{1/3}$.", true),
            new Case("\\frac{7}{2}", "The mean is $\\frac{1+2+\\dots+6}{6} = \\boxed{3.5}$.", true),
            new Case("-\\frac{1}{4}", "The slope is $\\boxed{-\\frac14}$.", true),
            new Case("\\frac{3}{8}", "So the fraction of the area shaded is \\boxed{\\frac{3}{7}}.", false),
            new Case("\\frac{11}{12}", "Adding $\\frac{2}{3} + \\frac{1}{4} = \\frac{8}{12} + \\frac{3}{12} = \\boxed{\\frac{11}{12}}$.", true),
            new Case("\\frac{1}{6}", "Only one face of six works, so $P \\approx \\boxed{0.16}$.", false),
            // decimals
            new Case("0.25", "A quarter of the tank remains, so the answer is $\\boxed{\\frac{1}{4}}$.", true),
            new Case("2.5", "The speed is 2.5 metres per second, so \\boxed{2.50}.", true),
            new Case("3.14", "Approximating, the ratio is \\boxed{3.15}.", false),
            new Case("1.2", "So each costs \\boxed{\\$1.20}.", true),
            new Case("0.125", "The answer is $\\boxed{\\frac{1}{8}}$.", true),
            new Case("12.5", "Half of 25 is \\boxed{12.05}.", false),
            // surds
            new Case("2\\sqrt{2}", "The diagonal of the square of side 2 is $\\boxed{\\sqrt{8}}$.", true),
            new Case("\\sqrt{3}", "Using the height of an equilateral triangle, $h = \\boxed{\\sqrt3}$.", true),
            new Case("3\\sqrt{2}", "The distance is $\\sqrt{9 + 9} = \\boxed{3\\sqrt{2}}$.", true),
            new Case("4\\sqrt{2}", "So the side is \\boxed{4}.", false),
            new Case("\\frac{\\sqrt{2}}{2}", "We get $\\cos 45^\\circ = \\boxed{\\frac{1}{\\sqrt{2}}}$.", true),
            new Case("2\\sqrt{3}", "The length is $\\boxed{\\sqrt{12}}$.", true),
            new Case("\\sqrt{5}", "Hence $|z| = \\boxed{\\sqrt{6}}$.", false),
            new Case("1+\\sqrt{2}", "The larger root is $\\boxed{\\sqrt{2}+1}$.", true),
            new Case("5\\sqrt{3}", "So the area is $\\boxed{5\\sqrt{3}}$ square units.", true),
            new Case("\\frac{3\\sqrt{3}}{2}", "The answer is $\\boxed{\\frac{3}{2}\\sqrt{3}}$.", true),
            // percent, degrees, units
            new Case("25", "The price rose by \\boxed{25\\%}.", true),
            new Case("60", "Each angle of the equilateral triangle is $\\boxed{60^\\circ}$.", true),
            new Case("15", "She walks \\boxed{16 \\text{ miles}}.", false),
            new Case("36", "So the answer is $\\boxed{36}$.", true));

    private final MathVerifier verifier;

    VerifierWorkload(MathVerifier verifier) {
        this.verifier = verifier;
    }

    /** The cases whose verdict is not the expected one, as readable lines (empty when all agree). */
    List<String> disagreements() {
        return CASES.stream().filter(c -> verifier.verify(c.gold(), c.response()).equivalent() != c.equivalent())
                .map(c -> "gold '" + c.gold() + "', response '" + c.response() + "': " + verifier.verify(c.gold(), c.response()).explain())
                .toList();
    }

    /** Checks the whole mix once; returns a value so the JIT cannot drop the work. */
    int runOnce() {
        int equivalent = 0;
        for (Case c : CASES) {
            VerificationResult r = verifier.verify(c.gold(), c.response());
            if (r.equivalent()) equivalent++;
        }
        return equivalent;
    }

    /**
     * Checks per second with {@code threads} threads each cycling through the mix (from different
     * starting points, so they are not in lock-step) for {@code seconds}.
     */
    double checksPerSecond(int threads, double seconds) throws InterruptedException {
        LongAdder checks = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int offset = t * CASES.size() / threads;
            workers[t] = Thread.ofPlatform().name("bench-verify-" + t).start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long n = 0;
                for (int i = offset; !stop.get(); i++) {
                    Case c = CASES.get(i % CASES.size());
                    verifier.verify(c.gold(), c.response());
                    n++;
                }
                checks.add(n);
            });
        }
        long t0 = System.nanoTime();
        start.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread w : workers) w.join();
        return checks.sum() / ((System.nanoTime() - t0) * 1e-9);
    }

    /** Single-thread latency of each check in microseconds over {@code passes} passes through the mix, sorted. */
    double[] sortedLatenciesMicros(int passes) {
        double[] micros = new double[passes * CASES.size()];
        int k = 0;
        for (int p = 0; p < passes; p++) {
            for (Case c : CASES) {
                long t0 = System.nanoTime();
                verifier.verify(c.gold(), c.response());
                micros[k++] = (System.nanoTime() - t0) * 1e-3;
            }
        }
        Arrays.sort(micros);
        return micros;
    }
}
