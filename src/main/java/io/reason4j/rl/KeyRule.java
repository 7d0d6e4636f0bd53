package io.reason4j.rl;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A configuration key (or a section: the rule covers the key and every key below it) that has an
 * effect only when {@code applies} holds for the configuration {@code C}; {@code why} says why it has
 * none and what would make it apply. The rules of {@link ConfigApplicability} and of a recipe's sections.
 */
public record KeyRule<C>(String key, Predicate<C> applies, Function<C, String> why) {

    boolean covers(String dotted) {
        return dotted.equals(key) || dotted.startsWith(key + ".");
    }

    /** Why the dotted key has no effect under {@code config} by the first rule that covers it and fails; empty when it has one. */
    public static <C> Optional<String> whyInert(List<KeyRule<C>> rules, C config, String dotted) {
        for (KeyRule<C> r : rules) if (r.covers(dotted) && !r.applies.test(config)) return Optional.of(r.why.apply(config));
        return Optional.empty();
    }
}
