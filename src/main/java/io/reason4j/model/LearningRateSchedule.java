package io.reason4j.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The learning rate as a function of the optimizer step, with Hugging Face's semantics
 * ({@code transformers.optimization}): {@link #lr(long) lr(step)} is {@code peakLr} times the
 * multiplier that {@code get_*_schedule_with_warmup}'s lambda gives for {@code step}.
 *
 * <p>{@code step} counts the updates already made, from 0, as the HF scheduler's counter does: the
 * first update uses {@code lr(0)}, which under warm-up is 0, so that update changes only the
 * optimizer's moments, exactly as in HF. A trainer passes {@link AdamW#steps()} as it is
 * <em>before</em> calling {@link AdamW#step}.
 *
 * @param shape the curve, chosen by its HF name (see {@link Shape})
 * @param peakLr the learning rate after warm-up (HF's {@code learning_rate}); typical RL values
 *     are 1e-6 for the actor and 2e-6 for the critic (methods.md)
 * @param warmupSteps steps of linear warm-up from 0 to {@code peakLr} (HF's {@code warmup_steps};
 *     default 0; DAPO uses 20)
 * @param totalSteps the step at which a decaying schedule reaches its end (HF's
 *     {@code num_training_steps}); ignored by the constant shapes, where 0 may be passed
 * @param minLrRatio the floor of {@link Shape#COSINE} as a fraction of {@code peakLr} (HF's
 *     {@code min_lr_rate} of {@code get_cosine_with_min_lr_schedule_with_warmup}; verl's
 *     {@code min_lr_ratio}); default 0, which is HF's plain cosine. Only cosine takes it.
 */
public record LearningRateSchedule(Shape shape, double peakLr, long warmupSteps, long totalSteps, double minLrRatio) {

    /** The curves, by the names of transformers' {@code SchedulerType}. */
    public enum Shape {
        /** {@code get_constant_schedule}: always {@code peakLr}; warm-up must be 0. */
        CONSTANT("constant"),
        /** {@code get_constant_schedule_with_warmup}: {@code step / warmup} during warm-up, then 1. */
        CONSTANT_WITH_WARMUP("constant_with_warmup"),
        /**
         * {@code get_linear_schedule_with_warmup}: warm-up, then
         * {@code max(0, (total − step) / max(1, total − warmup))}.
         */
        LINEAR("linear"),
        /**
         * {@code get_cosine_schedule_with_warmup} (Loshchilov and Hutter, SGDR, arXiv:1608.03983,
         * half a cycle): warm-up, then {@code 0.5·(1 + cos(π·progress))} with
         * {@code progress = (step − warmup) / max(1, total − warmup)}; with a floor r, as in
         * {@code get_cosine_with_min_lr_schedule_with_warmup}: {@code r + (1 − r)·0.5·(1 + cos(π·progress))}.
         */
        COSINE("cosine");

        private final String configName;

        Shape(String configName) {
            this.configName = configName;
        }

        /** The name used in configuration files, as transformers spells it. */
        public String configName() {
            return configName;
        }

        /** The shape of this name, case-insensitively; an error lists the valid names. */
        public static Shape named(String name) {
            for (Shape s : values()) {
                if (s.configName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) return s;
            }
            throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "'; expected one of "
                    + Arrays.stream(values()).map(Shape::configName).collect(Collectors.joining(", ")));
        }
    }

    public LearningRateSchedule {
        if (shape == null) throw new IllegalArgumentException("learning-rate schedule shape is null");
        if (!(peakLr >= 0) || Double.isInfinite(peakLr)) {
            throw new IllegalArgumentException("learning rate must be a non-negative number, got " + peakLr);
        }
        if (warmupSteps < 0) throw new IllegalArgumentException("warm-up steps must be >= 0, got " + warmupSteps);
        if (shape == Shape.CONSTANT && warmupSteps != 0) {
            throw new IllegalArgumentException("the 'constant' schedule has no warm-up, got " + warmupSteps
                    + " warm-up steps; use 'constant_with_warmup'");
        }
        if ((shape == Shape.LINEAR || shape == Shape.COSINE) && totalSteps <= 0) {
            throw new IllegalArgumentException("the '" + shape.configName + "' schedule needs the total number of"
                    + " training steps, got " + totalSteps);
        }
        if ((shape == Shape.LINEAR || shape == Shape.COSINE) && warmupSteps > totalSteps) {
            throw new IllegalArgumentException("the warm-up (" + warmupSteps + " steps) is longer than the whole '"
                    + shape.configName + "' schedule (" + totalSteps + " steps)");
        }
        if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
            throw new IllegalArgumentException("minimum learning-rate ratio must be in [0, 1], got " + minLrRatio);
        }
        if (minLrRatio != 0 && shape != Shape.COSINE) {
            throw new IllegalArgumentException("a minimum learning-rate ratio applies only to the 'cosine' schedule,"
                    + " not '" + shape.configName + "'");
        }
    }

    /** A schedule chosen by name: {@code constant}, {@code constant_with_warmup}, {@code linear} or {@code cosine}. */
    public static LearningRateSchedule named(String name, double peakLr, long warmupSteps, long totalSteps,
                                             double minLrRatio) {
        return new LearningRateSchedule(Shape.named(name), peakLr, warmupSteps, totalSteps, minLrRatio);
    }

    /** The constant schedule: {@code peakLr} at every step. */
    public static LearningRateSchedule constant(double lr) {
        return new LearningRateSchedule(Shape.CONSTANT, lr, 0, 0, 0);
    }

    /** The learning rate for the update with 0-based index {@code step}. */
    public double lr(long step) {
        return peakLr * multiplier(step);
    }

    /**
     * The factor on {@code peakLr} at {@code step}, HF's lambda. Past {@code totalSteps}, linear
     * stays at 0 as in HF; cosine stays at its floor, where HF's formula would climb back up the
     * cosine (a run that overshoots its planned length should not warm up again).
     */
    public double multiplier(long step) {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
        if (step < warmupSteps) return (double) step / Math.max(1, warmupSteps);
        return switch (shape) {
            case CONSTANT, CONSTANT_WITH_WARMUP -> 1.0;
            case LINEAR -> Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
            case COSINE -> {
                double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
                double cosine = 0.5 * (1.0 + Math.cos(Math.PI * progress));
                yield Math.max(0.0, cosine * (1 - minLrRatio) + minLrRatio);
            }
        };
    }
}
