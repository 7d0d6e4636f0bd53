package io.reason4j.model;

import io.reason4j.tensor.WorkerPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization", arXiv:1711.05101), computed as {@code torch.optim.AdamW} does, over the flat
 * arrays of a {@link ParameterLayout}. For step t, with gradient g, learning rate γ and decay λ:
 * <pre>
 *   θ ← θ·(1 − γλ)                                   decay, only on slots that decay
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   θ ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)  bias-corrected Adam step
 * </pre>
 * The step-dependent factors are computed in double and rounded to float once; the element-wise
 * work is float, as PyTorch does for float32 parameters.
 *
 * <p>The state is the two moments (arrays of the layout's size, named like the parameters when
 * saved) and the step count; nothing is static, so a policy and a critic each get their own
 * instance. The update is element-wise and the vector and scalar paths round identically, so the
 * result does not depend on the vector width or the number of threads: a resumed run is
 * bit-identical to an uninterrupted one.
 */
public final class AdamW {

    /**
     * Hyper-parameters, with {@code torch.optim.AdamW}'s defaults.
     *
     * @param beta1 decay rate of the first moment (torch {@code betas[0]}; default 0.9)
     * @param beta2 decay rate of the second moment (torch {@code betas[1]}; default 0.999)
     * @param eps added to the bias-corrected √v for stability (torch {@code eps}; default 1e-8)
     * @param weightDecay the decoupled decay λ; the parameters shrink by lr·λ each step (torch
     *     {@code weight_decay}; default 0.01, as torch and verl's actor and critic)
     * @param decayAll whether norm weights and biases decay too; default false, the usual exclusion
     *     (HF Trainer, nanoGPT), which decays only slots with {@link ParameterLayout.Slot#decays()}
     */
    public record Options(double beta1, double beta2, double eps, double weightDecay, boolean decayAll) {
        /** torch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01, norms and biases not decayed. */
        public static final Options DEFAULTS = new Options(0.9, 0.999, 1e-8, 0.01, false);

        public Options {
            // The same checks as torch.optim.AdamW's constructor.
            if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("AdamW beta1 must be in [0, 1), got " + beta1);
            if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("AdamW beta2 must be in [0, 1), got " + beta2);
            if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("AdamW eps must be >= 0, got " + eps);
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("AdamW weight decay must be >= 0, got " + weightDecay);
            }
        }

        /** These options with another weight decay. */
        public Options withWeightDecay(double value) {
            return new Options(beta1, beta2, eps, value, decayAll);
        }
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Below this many floats the update stays on the calling thread: the hand-off would cost more than it saves. */
    private static final int PARALLEL_MIN_SIZE = 1 << 18;

    private final ParameterLayout layout;
    private final Options options;
    private final float[] expAvg;
    private final float[] expAvgSq;
    private long steps;

    /** A fresh optimizer: zero moments, no steps taken. */
    public AdamW(ParameterLayout layout, Options options) {
        this(layout, options, new float[layout.size()], new float[layout.size()], 0);
    }

    private AdamW(ParameterLayout layout, Options options, float[] expAvg, float[] expAvgSq, long steps) {
        if (options == null) throw new IllegalArgumentException("AdamW options are null");
        this.layout = layout;
        this.options = options;
        this.expAvg = expAvg;
        this.expAvgSq = expAvgSq;
        this.steps = steps;
    }

    /**
     * An optimizer that continues from saved state (see {@link TrainingCheckpoint}); it takes
     * ownership of the arrays.
     *
     * @param expAvg the first moment m, torch's {@code exp_avg}
     * @param expAvgSq the second moment v, torch's {@code exp_avg_sq}
     * @param steps the updates already made, torch's {@code step}
     */
    public static AdamW restore(ParameterLayout layout, Options options, float[] expAvg, float[] expAvgSq, long steps) {
        requireSize(layout, expAvg, "first moment");
        requireSize(layout, expAvgSq, "second moment");
        if (steps < 0) throw new IllegalArgumentException("AdamW step count must be >= 0, got " + steps);
        return new AdamW(layout, options, expAvg, expAvgSq, steps);
    }

    public ParameterLayout layout() {
        return layout;
    }

    public Options options() {
        return options;
    }

    /** Updates made so far (torch's {@code step}); the bias correction of the next update uses this + 1. */
    public long steps() {
        return steps;
    }

    /** The first moment m, live (not a copy): for checkpoints and diagnostics, not to be modified. */
    public float[] expAvg() {
        return expAvg;
    }

    /** The second moment v, live (not a copy): for checkpoints and diagnostics, not to be modified. */
    public float[] expAvgSq() {
        return expAvgSq;
    }

    /**
     * One AdamW update of {@code params} in place from {@code grads} (which are not modified).
     *
     * @param lr the learning rate for this update, e.g. {@code schedule.lr(steps())}
     */
    public void step(float[] params, float[] grads, double lr) {
        requireSize(layout, params, "parameter");
        requireSize(layout, grads, "gradient");
        if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        long t = steps + 1;
        Factors k = new Factors(options, lr, t);
        float decay = (float) (1 - lr * options.weightDecay());
        int size = layout.size();
        WorkerPool pool = WorkerPool.shared();
        int parts = size < PARALLEL_MIN_SIZE ? 1 : pool.threads();
        pool.run(parts, (part, count) -> {
            int from = WorkerPool.splitStart(size, part, count, 16), to = WorkerPool.splitStart(size, part + 1, count, 16);
            for (ParameterLayout.Slot s : layout.slots()) {
                int lo = Math.max(from, s.offset()), hi = Math.min(to, s.offset() + s.size());
                if (lo >= hi) continue;
                float slotDecay = s.decays() || options.decayAll() ? decay : 1f;
                update(params, grads, expAvg, expAvgSq, lo, hi, slotDecay, k);
            }
        });
        steps = t;
    }

    /** The per-step constants of the update, rounded to float once. */
    record Factors(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float biasCorrection2Sqrt,
                   float eps, float negStepSize) {
        Factors(Options o, double lr, long t) {
            this((float) o.beta1(), (float) (1 - o.beta1()), (float) o.beta2(), (float) (1 - o.beta2()),
                    (float) Math.sqrt(1 - Math.pow(o.beta2(), t)), (float) o.eps(),
                    (float) (-lr / (1 - Math.pow(o.beta1(), t))));
        }
    }

    /** The update of elements [from, to): vector lanes first, then the scalar path for the tail. */
    static void update(float[] p, float[] g, float[] m, float[] v, int from, int to, float decay, Factors k) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        FloatVector beta1 = FloatVector.broadcast(S, k.beta1), beta2 = FloatVector.broadcast(S, k.beta2);
        FloatVector negStepSize = FloatVector.broadcast(S, k.negStepSize);
        for (; i < bound; i += S.length()) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            FloatVector mi = FloatVector.fromArray(S, m, i).fma(beta1, gi.mul(k.oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(S, v, i).fma(beta2, gi.mul(gi).mul(k.oneMinusBeta2));
            FloatVector denom = vi.sqrt().div(k.biasCorrection2Sqrt).add(k.eps);
            FloatVector pi = FloatVector.fromArray(S, p, i).mul(decay);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            mi.div(denom).fma(negStepSize, pi).intoArray(p, i);
        }
        updateScalar(p, g, m, v, i, to, decay, k);
    }

    /** The same arithmetic as {@link #update}'s vector loop, one element at a time, rounding identically. */
    static void updateScalar(float[] p, float[] g, float[] m, float[] v, int from, int to, float decay, Factors k) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = Math.fma(m[i], k.beta1, gi * k.oneMinusBeta1);
            float vi = Math.fma(v[i], k.beta2, gi * gi * k.oneMinusBeta2);
            // A float's square root taken in double and rounded back is the correctly rounded float root.
            float denom = (float) Math.sqrt(vi) / k.biasCorrection2Sqrt + k.eps;
            float pi = p[i] * decay;
            m[i] = mi;
            v[i] = vi;
            p[i] = Math.fma(mi / denom, k.negStepSize, pi);
        }
    }

    private static void requireSize(ParameterLayout layout, float[] array, String what) {
        if (array == null || array.length != layout.size()) {
            throw new IllegalArgumentException("AdamW: the " + what + " array has "
                    + (array == null ? "no" : array.length) + " floats, the parameter layout needs " + layout.size());
        }
    }
}
