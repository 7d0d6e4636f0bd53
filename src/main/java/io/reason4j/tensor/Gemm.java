package io.reason4j.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiply {@code C[m×n] (+)= A[m×k] · B[k×n]}, all row-major.
 *
 * <p>A is read straight from a {@link MemorySegment} (a memory-mapped weight, never copied): the
 * micro-kernel broadcasts A's elements from {@link #MR} rows at once. B is packed per call into
 * contiguous panels {@link #NR} columns wide (Goto's scheme), which is cheap because in a decoder B is
 * the activations. The 8×32 register tile (16 accumulators of 16 lanes) and KC = 256 follow the
 * Vector API probe in ../shared/bench/sgemm-probe. Rows of A are split between threads, so each thread
 * streams half of the weights.
 *
 * <p>Backward passes read operands transposed ({@link Transpose}): Aᵀ costs nothing extra, since the
 * micro-kernel takes A's row and column strides (dX = Wᵀ·dY reads W where it lies); Bᵀ is packed
 * from its transpose (dW = dY·Xᵀ).
 *
 * <p>Keep A's segments of one kind per JVM where speed matters: once the micro-kernel has read both
 * heap segments (e.g. training parameters) and native ones (memory-mapped weights), the JIT's type
 * profile of the segment reads is polymorphic and every GEMM runs ~3× slower (30 against 95 GFLOP/s
 * on one thread, measured with GemmTiming). Copying mapped weights into a heap array
 * ({@code ParameterLayout.copyOf}) keeps a training process on heap segments only.
 */
public final class Gemm {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int L = S.length();
    /** Rows of A per micro-tile. */
    public static final int MR = 8;
    /** Columns of B per micro-tile: two vectors. */
    public static final int NR = 2 * L;
    static final int KC = 256;
    static final int NC = 2048;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** Per-thread packing buffers, reused across calls. */
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[KC * (NC + NR)], new float[MR * NR]});

    private Gemm() {}

    /** Which operand, if any, is read transposed from where it lies (no copy of it is made). */
    public enum Transpose {
        /** {@code C (+)= A·B}. */
        NONE,
        /** {@code C (+)= Aᵀ·B}: A lies as k×m, element (p, i) at {@code aOff + p*lda + i}; e.g. dX = Wᵀ·dY. */
        A,
        /** {@code C (+)= A·Bᵀ}: B lies as n×k, element (j, p) at {@code bOff + j*ldb + p}; e.g. dW = dY·Xᵀ. */
        B
    }

    /**
     * {@code C = A·B}, or {@code C += A·B} when {@code accumulate}.
     *
     * @param a A as floats; element (i, p) at float index {@code aOff + i*lda + p}
     * @param b B; element (p, j) at {@code bOff + p*ldb + j}
     * @param c C; element (i, j) at {@code cOff + i*ldc + j}
     */
    public static void multiply(MemorySegment a, long aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate) {
        multiply(Transpose.NONE, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k, accumulate);
    }

    /**
     * {@code C (+)= op(A)·op(B)} (see {@link Transpose} for where the transposed operand's elements
     * lie), split between the {@link WorkerPool}'s threads. The split is by rows of C, so that each
     * thread streams its share of A, unless A is too short or B is read transposed: then by columns,
     * so that no two threads pack (element by element) the same part of B.
     */
    public static void multiply(Transpose t, MemorySegment a, long aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            zero(c, cOff, ldc, 0, m, n, accumulate);
            return;
        }
        long flops = 2L * m * n * k;
        WorkerPool pool = WorkerPool.shared();
        int parts = flops < (1 << 21) ? 1 : pool.threads();
        boolean byColumns = m < MR * parts || (t == Transpose.B && n >= NR * parts);
        if (!byColumns) {
            pool.run(parts, (part, count) -> {
                int i0 = WorkerPool.splitStart(m, part, count, MR), i1 = WorkerPool.splitStart(m, part + 1, count, MR);
                blocked(t, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, i0, i1, 0, n, k, accumulate);
            });
        } else {
            pool.run(parts, (part, count) -> {
                int j0 = WorkerPool.splitStart(n, part, count, NR), j1 = WorkerPool.splitStart(n, part + 1, count, NR);
                blocked(t, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, 0, m, j0, j1, k, accumulate);
            });
        }
    }

    /**
     * Rows [i0, i1) of {@code C (+)= A·B} on the calling thread only; for callers that split work
     * across the {@link WorkerPool} themselves and fuse other per-row work into the same task.
     */
    public static void multiplyRows(MemorySegment a, long aOff, int lda, float[] b, int bOff, int ldb,
                                    float[] c, int cOff, int ldc, int i0, int i1, int n, int k, boolean accumulate) {
        if (i0 >= i1 || n == 0) return;
        if (k == 0) {
            zero(c, cOff, ldc, i0, i1, n, accumulate);
            return;
        }
        blocked(Transpose.NONE, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, i0, i1, 0, n, k, accumulate);
    }

    /** {@code C (+)= op(A)·op(B)} on the calling thread only, e.g. inside a task that the pool already runs. */
    public static void multiplyOnThisThread(Transpose t, MemorySegment a, long aOff, int lda, float[] b, int bOff, int ldb,
                                            float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            zero(c, cOff, ldc, 0, m, n, accumulate);
            return;
        }
        blocked(t, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, 0, m, 0, n, k, accumulate);
    }

    /** Convenience: C[m×n] = A[m×k]·B[k×n] with dense row-major heap arrays. */
    public static void multiply(float[] a, float[] b, float[] c, int m, int n, int k) {
        multiply(MemorySegment.ofArray(a), 0, k, b, 0, n, c, 0, n, m, n, k, false);
    }

    private static void zero(float[] c, int cOff, int ldc, int i0, int i1, int n, boolean accumulate) {
        if (!accumulate) for (int i = i0; i < i1; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
    }

    private static void blocked(Transpose t, MemorySegment a, long aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, int k,
                                boolean accumulate) {
        if (i0 >= i1 || j0 >= j1) return;
        float[][] scratch = SCRATCH.get();
        float[] bp = scratch[0], tmp = scratch[1];
        // A's element (i, p) lies at aOff + i*rowStride + p*colStride.
        int rowStride = t == Transpose.A ? 1 : lda, colStride = t == Transpose.A ? lda : 1;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean load = accumulate || pc > 0;
                if (t == Transpose.B) packTransposedB(b, bOff + jc * ldb + pc, ldb, kc, nc, bp);
                else packB(b, bOff + pc * ldb + jc, ldb, kc, nc, bp);
                for (int jr = 0; jr < nc; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    int bo = jr * kc;
                    for (int ir = i0; ir < i1; ir += MR) {
                        int mr = Math.min(MR, i1 - ir);
                        long ao = aOff + (long) ir * rowStride + (long) pc * colStride;
                        int co = cOff + ir * ldc + jc + jr;
                        if (mr == MR && nr == NR) {
                            kernel8x2(a, ao, rowStride, colStride, bp, bo, kc, c, co, ldc, load);
                        } else {
                            edgeTile(a, ao, rowStride, colStride, bp, bo, kc, c, co, ldc, mr, nr, load, tmp);
                        }
                    }
                }
            }
        }
    }

    /** Packs B[kc×nc] into NR-wide panels {@code bp[(jr/NR)*kc*NR + p*NR + col]}, zero padded. */
    private static void packB(float[] b, int bo, int ldb, int kc, int nc, float[] bp) {
        int idx = 0;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bo + p * ldb + jr;
                    FloatVector.fromArray(S, b, src).intoArray(bp, idx);
                    FloatVector.fromArray(S, b, src + L).intoArray(bp, idx + L);
                    idx += NR;
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bo + p * ldb + jr;
                    for (int col = 0; col < NR; col++) bp[idx + col] = col < nr ? b[src + col] : 0f;
                    idx += NR;
                }
            }
        }
    }

    /**
     * As {@link #packB}, from B lying transposed: element (p, j) at {@code bo + j*ldb + p}. Each
     * column of a panel is read as one contiguous run and written with stride NR.
     */
    private static void packTransposedB(float[] b, int bo, int ldb, int kc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr), panel = jr * kc;
            for (int col = 0; col < NR; col++) {
                int dst = panel + col;
                if (col < nr) {
                    int src = bo + (jr + col) * ldb;
                    for (int p = 0; p < kc; p++, dst += NR) bp[dst] = b[src + p];
                } else {
                    for (int p = 0; p < kc; p++, dst += NR) bp[dst] = 0f;
                }
            }
        }
    }

    /** A partial tile: rows beyond mr read A row 0 (harmless), results go through a temp tile. */
    private static void edgeTile(MemorySegment a, long ao, int rowStride, int colStride, float[] bp, int bo, int kc,
                                 float[] c, int co, int ldc, int mr, int nr, boolean load, float[] tmp) {
        for (int r = 0; r < MR; r++) {
            for (int col = 0; col < NR; col++) {
                tmp[r * NR + col] = load && r < mr && col < nr ? c[co + r * ldc + col] : 0f;
            }
        }
        // Rows past mr repeat the last valid row so that no read leaves A.
        if (mr == MR) {
            kernel8x2(a, ao, rowStride, colStride, bp, bo, kc, tmp, 0, NR, true);
        } else {
            for (int r = 0; r < mr; r++) kernel1x2(a, ao + (long) r * rowStride, colStride, bp, bo, kc, tmp, r * NR);
        }
        for (int r = 0; r < mr; r++) System.arraycopy(tmp, r * NR, c, co + r * ldc, nr);
    }

    private static void kernel1x2(MemorySegment a, long ao, int colStride, float[] bp, int bo, int kc, float[] c, int co) {
        FloatVector c0 = FloatVector.fromArray(S, c, co), c1 = FloatVector.fromArray(S, c, co + L);
        long byteOff = ao * 4, step = 4L * colStride;
        for (int p = 0; p < kc; p++) {
            FloatVector av = FloatVector.broadcast(S, a.get(F, byteOff + step * p));
            c0 = av.fma(FloatVector.fromArray(S, bp, bo), c0);
            c1 = av.fma(FloatVector.fromArray(S, bp, bo + L), c1);
            bo += NR;
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + L);
    }

    /**
     * The micro-kernel: C[8×32] (+)= A[8×kc]·Bpanel[kc×32], A's element (i, p) at
     * {@code ao + i*rowStride + p*colStride}. Kept small so C2 inlines it whole.
     */
    private static void kernel8x2(MemorySegment a, long ao, int rowStride, int colStride, float[] bp, int bo, int kc,
                                  float[] c, int co, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c10 = FloatVector.fromArray(S, c, co + ldc); c11 = FloatVector.fromArray(S, c, co + ldc + L);
            c20 = FloatVector.fromArray(S, c, co + 2 * ldc); c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, co + 3 * ldc); c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, co + 4 * ldc); c41 = FloatVector.fromArray(S, c, co + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, co + 5 * ldc); c51 = FloatVector.fromArray(S, c, co + 5 * ldc + L);
            c60 = FloatVector.fromArray(S, c, co + 6 * ldc); c61 = FloatVector.fromArray(S, c, co + 6 * ldc + L);
            c70 = FloatVector.fromArray(S, c, co + 7 * ldc); c71 = FloatVector.fromArray(S, c, co + 7 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
        }
        long r0 = ao * 4, stride = (long) rowStride * 4, step = (long) colStride * 4;
        long r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride, r4 = r3 + stride;
        long r5 = r4 + stride, r6 = r5 + stride, r7 = r6 + stride;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            long off = step * p;
            FloatVector av;
            av = FloatVector.broadcast(S, a.get(F, r0 + off)); c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a.get(F, r1 + off)); c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a.get(F, r2 + off)); c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a.get(F, r3 + off)); c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a.get(F, r4 + off)); c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a.get(F, r5 + off)); c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, a.get(F, r6 + off)); c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a.get(F, r7 + off)); c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
            bo += NR;
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc); c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc); c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc); c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc); c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc); c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc); c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc); c71.intoArray(c, co + 7 * ldc + L);
    }
}
