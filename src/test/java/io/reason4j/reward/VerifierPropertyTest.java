package io.reason4j.reward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Properties: symmetry, invariance under re-formatting, and the same answers from many threads. */
class VerifierPropertyTest {
    static final MathVerifier VERIFIER = MathVerifier.withDefaults();

    static final List<String> ANSWERS = List.of("1/2", "0.5", "\\frac{2}{4}", "\\sqrt{2}", "2^{1/2}", "\\frac{2}{\\sqrt 2}", "\\{1,2\\}",
            "\\{2,1\\}", "(1,2)", "[1,2)", "(x+1)^2", "x^2+2x+1", "x = 3", "3", "x \\le 2", "2 \\ge x", "(-\\infty, 2]", "\\pm 1",
            "\\{-1, 1\\}", "0.333333", "1/3", "\\pi", "3.141593", "28\\%", "0.28", "\\begin{pmatrix}1&0\\\\0&1\\end{pmatrix}", "y = 2x+1",
            "2x - y + 1 = 0");

    /**
     * Symmetric wherever neither side is a decimal that only the other's precision accepts: a decimal
     * reference is matched at its own precision (3.14 accepts π), while a decimal prediction must
     * agree to 6 places (π does not accept 3.14). DecimalPrecisionTest covers that asymmetry.
     */
    @Test
    void equivalenceIsSymmetric() {
        int equivalentPairs = 0;
        for (String a : ANSWERS) {
            for (String b : ANSWERS) {
                boolean ab = VERIFIER.verify(a, b).equivalent(), ba = VERIFIER.verify(b, a).equivalent();
                assertThat(ab).as(a + " vs " + b + " and back").isEqualTo(ba);
                if (ab && !a.equals(b)) equivalentPairs++;
            }
        }
        // 1/2 ≡ 0.5 ≡ 2/4, √2 ≡ 2^(1/2) ≡ 2/√2, the two sets, the squares, x ≤ 2 ≡ 2 ≥ x ≡ (−∞, 2], ±1 ≡ {−1, 1},
        // x = 3 ≡ 3, 0.333333 ≡ 1/3, π ≡ 3.141593, the two lines: 6 + 6 + 2 + 2 + 6 + 2 + 2 + 2 + 2 + 2 ordered pairs.
        assertThat(equivalentPairs).isEqualTo(32);
    }

    /** A term c·x^i·y^j of a random polynomial. */
    record Term(long num, long den, int x, int y) {}

    @Test
    void anExpressionEqualsItselfAfterRandomReformatting() {
        Random random = new Random(20250607);
        for (int trial = 0; trial < 150; trial++) {
            List<Term> terms = new ArrayList<>();
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                terms.add(new Term(random.nextInt(19) - 9, 1 + random.nextInt(6), random.nextInt(3), random.nextInt(2)));
            }
            terms.removeIf(t -> t.num() == 0);
            if (terms.isEmpty()) continue;
            String gold = polynomial(terms, random), pred = polynomial(terms, random);
            VerificationResult same = VERIFIER.verify(gold, "\\boxed{" + pred + "}");
            assertThat(same.equivalent()).as(same.explain()).isTrue();
            List<Term> mutated = new ArrayList<>(terms);
            Term t = mutated.getFirst();
            mutated.set(0, new Term(t.num() + 1, t.den(), t.x(), t.y()));
            VerificationResult different = VERIFIER.verify(gold, "\\boxed{" + polynomial(mutated, random) + "}");
            assertThat(different.equivalent()).as(different.explain()).isFalse();
        }
    }

    @Test
    void aSetEqualsItselfInAnyOrderAndFormat() {
        Random random = new Random(7);
        for (int trial = 0; trial < 100; trial++) {
            List<Term> elements = new ArrayList<>();
            for (int k = 2 + random.nextInt(4); k > 0; k--) elements.add(new Term(random.nextInt(41) - 20, 1 + random.nextInt(5), 0, 0));
            String gold = set(elements, random), pred = set(elements, random);
            VerificationResult r = VERIFIER.verify(gold, "\\boxed{" + pred + "}");
            assertThat(r.equivalent()).as(r.explain()).isTrue();
        }
    }

    @Test
    void manyThreadsGetTheSameAnswersAsOne() throws Exception {
        List<MathVerifyConformanceTest.Case> cases = MathVerifyConformanceTest.cases();
        List<Boolean> sequential = cases.stream().map(c -> VERIFIER.verify(c.gold(), c.pred()).equivalent()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int rep = 0; rep < 4; rep++) {
                for (MathVerifyConformanceTest.Case c : cases) futures.add(pool.submit(() -> VERIFIER.verify(c.gold(), c.pred()).equivalent()));
            }
            for (int i = 0; i < futures.size(); i++) assertThat(futures.get(i).get()).isEqualTo(sequential.get(i % cases.size()));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- random formatting ----------------------------------------------------------------------

    static String polynomial(List<Term> terms, Random r) {
        List<Term> shuffled = new ArrayList<>(terms);
        Collections.shuffle(shuffled, r);
        StringBuilder b = new StringBuilder();
        for (Term t : shuffled) {
            String term = coefficient(Math.abs(t.num()), t.den(), r) + space(r) + power("x", t.x(), r) + space(r) + power("y", t.y(), r);
            if (r.nextInt(4) == 0) term = "(" + term + ")";
            if (b.isEmpty()) b.append(t.num() < 0 ? "-" : "");
            else b.append(space(r)).append(t.num() < 0 ? "-" : "+").append(space(r));
            b.append(term);
        }
        return r.nextBoolean() ? "\\left(" + b + "\\right)" : b.toString();
    }

    static String set(List<Term> elements, Random r) {
        List<Term> shuffled = new ArrayList<>(elements);
        Collections.shuffle(shuffled, r);
        List<String> printed = new ArrayList<>();
        for (Term t : shuffled) printed.add((t.num() < 0 ? "-" : "") + coefficient(Math.abs(t.num()), t.den(), r));
        return "\\{" + String.join("," + space(r), printed) + "\\}";
    }

    static String coefficient(long num, long den, Random r) {
        if (den == 1 && r.nextBoolean()) return Long.toString(num);
        return switch (r.nextInt(5)) {
            case 0 -> "\\frac{" + num + "}{" + den + "}";
            case 1 -> "\\dfrac{" + num + "}{" + den + "}";
            case 2 -> "\\tfrac{" + num + "}{" + den + "}";
            case 3 -> "\\frac{" + num * 2 + "}{" + den * 2 + "}";
            default -> "(" + num + "/" + den + ")";
        };
    }

    static String power(String v, int p, Random r) {
        return switch (p) {
            case 0 -> "";
            case 1 -> r.nextBoolean() ? v : v + "^{1}";
            default -> switch (r.nextInt(3)) {
                case 0 -> v + "^" + p;
                case 1 -> v + "^{" + p + "}";
                default -> v + " \\cdot " + v;
            };
        };
    }

    static String space(Random r) {
        return r.nextBoolean() ? " " : "";
    }
}
