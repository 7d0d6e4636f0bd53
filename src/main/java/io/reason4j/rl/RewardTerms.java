package io.reason4j.rl;

import io.reason4j.reward.AccuracyReward;
import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.CosineLengthReward;
import io.reason4j.reward.FormatReward;
import io.reason4j.reward.JudgeModel;
import io.reason4j.reward.JudgeReward;
import io.reason4j.reward.LanguageConsistencyReward;
import io.reason4j.reward.ModelJudge;
import io.reason4j.reward.OverlongPunishment;
import io.reason4j.reward.RepetitionPenalty;
import io.reason4j.reward.RewardComponent;
import io.reason4j.reward.ToolUseFormatReward;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The reward terms of {@code reward.terms} by name (verification.md, "composition"): each reads its
 * options ({@link TermOptions}, defaults and sources in docs/algorithms.md) and makes the {@code
 * reward} package's component for a problem's verifier. A new term is one entry here.
 */
public final class RewardTerms {
    private RewardTerms() {}

    /**
     * A term ready to score: its name (the metric {@code reward/<name>/mean}), its weight, and the
     * component it makes for a verifier (the problem's: math or a task's own).
     */
    public record Term(String name, double weight, Function<AnswerVerifier, RewardComponent> component) {}

    /** Where a judge term's model is: a local model directory, or OpenAI-compatible endpoints. */
    public record JudgeSource(String modelDir, String endpoints, String servedModel, int maxTokens) {}

    /** Opens a judge term's model (the trainer's run owns what it opens and closes it). */
    @FunctionalInterface
    public interface JudgeOpener {
        JudgeModel open(JudgeSource source);
    }

    private interface Factory {
        /** @param maxLength sampling.max_response_length, the default L_max of the length terms */
        Function<AnswerVerifier, RewardComponent> parse(TermOptions o, int maxLength, JudgeOpener judges);
    }

    /** A term's options (all of them: any other is refused) and how it reads them. */
    private record Entry(List<String> options, Factory factory) {}

    private static final Map<String, Entry> FACTORIES = new LinkedHashMap<>();

    private static void register(String name, List<String> options, Factory factory) {
        FACTORIES.put(name, new Entry(options, factory));
    }

    static {
        register("accuracy", List.of("correct", "incorrect"), (o, max, j) -> {
            double correct = o.number("correct", 1.0), incorrect = o.number("incorrect", 0.0);
            if (!(correct > incorrect)) throw o.invalid("correct", "is " + correct + ", not above incorrect (" + incorrect + "); allowed: correct > incorrect");
            return v -> new AccuracyReward(v, correct, incorrect);
        });
        register("format", List.of("tags", "answer_after_last_tag", "matched", "unmatched"), (o, max, j) -> {
            FormatReward f = new FormatReward(o.texts("tags", List.of("<think>", "</think>")), o.bool("answer_after_last_tag", true),
                    o.number("matched", 1.0), o.number("unmatched", 0.0));
            return v -> f;
        });
        register("tool_use_format", List.of("well_formed", "malformed"), (o, max, j) -> {
            ToolUseFormatReward f = new ToolUseFormatReward(o.number("well_formed", 1.0), o.number("malformed", 0.0));
            return v -> f;
        });
        register("cosine_length", List.of("max_length", "min_correct", "max_correct", "min_wrong", "max_wrong"), (o, max, j) -> {
            int length = o.integer("max_length", max);
            if (length < 1) throw o.invalid("max_length", "is " + length + "; allowed: an integer ≥ 1");
            double minCorrect = o.number("min_correct", 0.5), maxCorrect = o.number("max_correct", 1.0);
            double minWrong = o.number("min_wrong", -1.0), maxWrong = o.number("max_wrong", -0.5);
            return v -> new CosineLengthReward(v, length, minCorrect, maxCorrect, minWrong, maxWrong);
        });
        register("repetition", List.of("n", "max_penalty"), (o, max, j) -> {
            int n = o.integer("n", 3);
            double penalty = o.number("max_penalty", -1.0);
            if (n < 1) throw o.invalid("n", "is " + n + "; allowed: an integer ≥ 1");
            if (penalty > 0) throw o.invalid("max_penalty", "is " + penalty + "; allowed: a number ≤ 0 (a penalty)");
            RepetitionPenalty p = new RepetitionPenalty(n, penalty);
            return v -> p;
        });
        register("overlong", List.of("max_length", "buffer"), (o, max, j) -> {
            int length = o.integer("max_length", max), buffer = o.integer("buffer", 0);
            if (buffer < 1 || buffer > length) {
                throw o.invalid("buffer", "is " + buffer + "; allowed: L_cache, an integer in [1, max_length = " + length + "] (DAPO: a quarter of it)");
            }
            OverlongPunishment p = new OverlongPunishment(length, buffer);
            return v -> p;
        });
        register("language_consistency", List.of("language"), (o, max, j) -> {
            String language = o.text("language", "en");
            if (!LanguageConsistencyReward.LANGUAGES.containsKey(language)) {
                throw o.invalid("language", "is '" + language + "'; allowed: " + String.join(", ", LanguageConsistencyReward.LANGUAGES.keySet().stream().sorted().toList()));
            }
            LanguageConsistencyReward r = LanguageConsistencyReward.of(language);
            return v -> r;
        });
        register("judge", List.of("model", "endpoint", "served_model", "max_tokens", "mode", "template", "correct", "incorrect"), (o, max, j) -> {
            String model = o.text("model", ""), endpoints = o.text("endpoint", ""), served = o.text("served_model", "");
            if (model.isEmpty() == endpoints.isEmpty()) {
                throw o.invalid(model.isEmpty() ? "model" : "endpoint", "the judge needs a local model directory (options.model) or "
                        + "OpenAI-compatible endpoints (options.endpoint), exactly one of them");
            }
            if (!served.isEmpty() && endpoints.isEmpty()) throw o.invalid("served_model", "names a model of options.endpoint, which is not given");
            int maxTokens = o.integer("max_tokens", 512);
            if (maxTokens < 1) throw o.invalid("max_tokens", "is " + maxTokens + "; allowed: an integer ≥ 1");
            String mode = o.text("mode", "always");
            if (!List.of("always", "rules_first").contains(mode)) throw o.invalid("mode", "is '" + mode + "'; allowed: always, rules_first");
            String template = o.text("template", ModelJudge.DEFAULT_TEMPLATE);
            if (!template.contains("{reference}") || !template.contains("{answer}")) {
                throw o.invalid("template", "has no {reference} or no {answer} placeholder; the judge must see both");
            }
            double correct = o.number("correct", 1.0), incorrect = o.number("incorrect", 0.0);
            if (!(correct > incorrect)) throw o.invalid("correct", "is " + correct + ", not above incorrect (" + incorrect + ")");
            ModelJudge judge = new ModelJudge(j.open(new JudgeSource(model, endpoints, served.isEmpty() ? null : served, maxTokens)), template);
            return v -> new JudgeReward(v, judge, mode.equals("rules_first"), correct, incorrect);
        });
    }

    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** The configured terms, checked (options, duplicates) and made; errors name {@code terms[i].…}. */
    public static List<Term> build(List<RewardTermConfig> terms, int maxResponseLength, JudgeOpener judges) {
        Set<String> seen = new HashSet<>();
        return java.util.stream.IntStream.range(0, terms.size()).mapToObj(i -> {
            RewardTermConfig t = terms.get(i);
            if (!seen.add(t.name())) throw new ConfigValueException("terms[" + i + "].name", "is " + t.name() + ", which is already a term; each term appears once");
            try {
                Entry entry = FACTORIES.get(t.name());
                Function<AnswerVerifier, RewardComponent> component = entry.factory().parse(new TermOptions(t.name(), t.options(), entry.options()),
                        maxResponseLength, judges);
                return new Term(t.name(), t.weight(), component);
            } catch (ConfigValueException e) {
                throw new ConfigValueException("terms[" + i + "]." + e.key(), e.getMessage());
            }
        }).toList();
    }

    /** Checks the terms without opening any judge model. */
    public static void check(List<RewardTermConfig> terms, int maxResponseLength) {
        build(terms, maxResponseLength, source -> prompt -> "");
    }
}
