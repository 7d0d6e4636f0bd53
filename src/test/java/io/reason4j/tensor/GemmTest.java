package io.reason4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Gemm in every operand layout against a plain double-precision triple loop over the same elements. */
class GemmTest {
    private static final int[][] SHAPES = {
        {1, 1, 1}, {7, 5, 3}, {8, 32, 256}, {9, 33, 257}, {40, 70, 300}, {16, 100, 600}, {100, 17, 31}, {200, 300, 90}, {3, 2100, 20},
    };

    @ParameterizedTest
    @EnumSource(Gemm.Transpose.class)
    void matchesTheDefinitionInEveryLayoutWithOffsetsAndLeadingDimensions(Gemm.Transpose t) {
        SplittableRandom r = new SplittableRandom(t.ordinal());
        for (int[] shape : SHAPES) {
            int m = shape[0], n = shape[1], k = shape[2];
            for (boolean accumulate : new boolean[] {false, true}) {
                for (boolean parallel : new boolean[] {false, true}) {
                    // A is stored m×k (or k×m when transposed), B k×n (or n×k), each with padding.
                    int aRows = t == Gemm.Transpose.A ? k : m, aCols = t == Gemm.Transpose.A ? m : k;
                    int bRows = t == Gemm.Transpose.B ? n : k, bCols = t == Gemm.Transpose.B ? k : n;
                    int lda = aCols + 3, ldb = bCols + 5, ldc = n + 2, aOff = 7, bOff = 11, cOff = 13;
                    float[] a = random(r, aOff + aRows * lda), b = random(r, bOff + bRows * ldb), c = random(r, cOff + m * ldc + 4);
                    float[] expected = c.clone();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = accumulate ? c[cOff + i * ldc + j] : 0;
                            for (int p = 0; p < k; p++) {
                                double av = t == Gemm.Transpose.A ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                                double bv = t == Gemm.Transpose.B ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                                sum += av * bv;
                            }
                            expected[cOff + i * ldc + j] = (float) sum;
                        }
                    }
                    // A on the heap (parameters, activations) and off it (memory-mapped weights): two kernels
                    MemorySegment as = MemorySegment.ofArray(a);
                    if (parallel) {
                        as = java.lang.foreign.Arena.ofAuto().allocate(4L * a.length, 64);
                        MemorySegment.copy(a, 0, as, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, a.length);
                    }
                    if (parallel) Gemm.multiply(t, as, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k, accumulate);
                    else Gemm.multiplyOnThisThread(t, as, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k, accumulate);
                    for (int i = 0; i < c.length; i++) {
                        // float32 sums of k products of numbers in [-1, 1): error well below 1e-6·k.
                        assertThat(c[i]).as("%s %dx%dx%d acc=%s element %d", t, m, n, k, accumulate, i)
                                .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(2e-6f * (k + 1)));
                    }
                }
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextDouble(-1, 1);
        return x;
    }
}
