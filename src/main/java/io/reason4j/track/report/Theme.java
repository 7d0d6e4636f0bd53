package io.reason4j.track.report;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The themes a report groups metrics by, in the order the report shows them. A metric belongs to
 * the first theme (in {@link #MATCH_ORDER}) whose rule its name meets, so that {@code actor/clip_ratio/high}
 * is a clip fraction and {@code actor/kl_loss} a KL term rather than a loss; the rules look at names
 * the way TRL and verl spell them ({@code reward/…}, {@code …/entropy}, {@code …_kl}, {@code clip_ratio},
 * {@code tool/…}, {@code lr}, {@code tokens_per_s}), not at one algorithm's list. What meets no rule is
 * shown under {@link #OTHER}: nothing logged is left out.
 */
public enum Theme {
    REWARD("Reward and score", "reward", "reward", n -> n.startsWith("reward/") || n.contains("/reward") || has(n, "score")),
    /** The hacking monitor's signals (docs/verifier.md): how rewarded answers were read and what rewarded responses look like. */
    HACKING("Reward hacking signals", "hacking", "fraction", n -> n.contains("reward/rule/") || n.contains("reward/rewarded_")
            || n.contains("reward/hacking")),
    ACCURACY("Accuracy", "accuracy", "fraction", n -> has(n, "accuracy") || has(n, "correct")),
    RESPONSE_LENGTH("Response length", "response-length", "tokens", n -> n.contains("length")),
    ENTROPY("Entropy", "entropy", "nats per token", n -> has(n, "entropy")),
    KL("KL divergence", "kl", "KL", n -> has(n, "kl")),
    CLIP("Clip fractions", "clip", "fraction", n -> n.contains("clip_ratio") || n.contains("clip_frac") || has(n, "clipped")),
    TOOL("Tool use", "tool", "per response", n -> n.startsWith("tool/") || n.contains("/tool/")),
    LEARNING_RATE("Learning rate", "learning-rate", "learning rate", n -> has(n, "lr") || n.contains("learning_rate")),
    THROUGHPUT("Throughput", "throughput", "tokens/s", n -> n.contains("tokens_per_s") || n.contains("tok/s") || n.contains("throughput")),
    LOSS("Loss", "loss", "loss", n -> has(n, "loss")),
    GRAD_NORM("Gradient norm", "grad-norm", "norm", n -> n.contains("grad_norm")),
    ADVANTAGE("Advantage", "advantage", "advantage", n -> has(n, "advantage")),
    CRITIC("Critic", "critic", "value", n -> n.startsWith("critic/") || n.contains("/critic/")),
    SAMPLING("Sampling", "sampling", "count", n -> n.startsWith("sampling/") || n.contains("/sampling/")),
    TIME("Time", "time", "seconds", n -> n.startsWith("perf/") || n.contains("/perf/") || n.endsWith("_s")),
    OTHER("Other metrics", "other", "value", n -> true);

    /**
     * The order in which the rules are tried: the narrow rules (hacking signals, clip, KL, tool, rate, throughput)
     * before the broad ones they overlap (length, loss, reward, accuracy).
     */
    static final List<Theme> MATCH_ORDER = List.of(HACKING, CLIP, KL, TOOL, LEARNING_RATE, THROUGHPUT, ENTROPY, GRAD_NORM, LOSS, ADVANTAGE,
            REWARD, ACCURACY, RESPONSE_LENGTH, CRITIC, SAMPLING, TIME, OTHER);

    public final String title;
    /** Used in file names: {@code rl-reward.png}. */
    public final String slug;
    /** The y-axis label of the theme's plots when the metric's name says nothing more specific ({@link #unit}). */
    public final String defaultUnit;
    private final Predicate<String> rule;

    Theme(String title, String slug, String defaultUnit, Predicate<String> rule) {
        this.title = title;
        this.slug = slug;
        this.defaultUnit = defaultUnit;
        this.rule = rule;
    }

    /** The theme of a metric name. */
    public static Theme of(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Theme t : MATCH_ORDER) if (t.rule.test(n)) return t;
        return OTHER;
    }

    /**
     * What a metric's values measure, from its name where the name says (a ratio, a rate, seconds,
     * tokens), else the theme's unit. Metrics of different units never share a plot.
     */
    public String unit(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String last = n.substring(n.lastIndexOf('/') + 1);
        if (n.contains("tokens_per_s") || n.contains("tok/s")) return "tokens/s";
        if (n.contains("rewarded_answers")) return "answers per response";
        if (n.contains("hacking/") && (last.endsWith("_t") || last.endsWith("_z"))) return "standard errors";
        if (last.equals("train_reward_change")) return "reward";
        if (last.endsWith("ratio") || last.endsWith("fraction") || last.endsWith("rate")
                || last.equals("accuracy")) return this == LEARNING_RATE ? defaultUnit : "fraction";
        if (last.endsWith("_s") || last.endsWith("_seconds")) return "seconds";
        if (n.contains("length")) return "tokens";
        return defaultUnit;
    }

    /** Whether {@code word} is one of the name's parts, split at {@code /}, {@code _}, {@code -} and {@code .}. */
    private static boolean has(String name, String word) {
        for (String part : name.split("[/_.\\-]")) if (part.equals(word)) return true;
        return false;
    }
}
