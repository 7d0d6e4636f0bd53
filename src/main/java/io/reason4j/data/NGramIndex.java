package io.reason4j.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Word n-grams of evaluation problems, to find training problems that overlap them: Open R1's
 * decontamination ({@code scripts/decontaminate.py}, taken from s1's {@code decontaminate_util.py}),
 * where a training problem is contaminated when any word 8-gram of it occurs in any evaluation
 * problem.
 *
 * <p>Text is normalised as Open R1 does (lowercase, split on whitespace), and further with
 * punctuation and symbols taken out, as GPT-3's and lm-evaluation-harness's decontamination do, so
 * that {@code "3,"} and {@code "3"}, or {@code "$x$"} and {@code "x"}, are one word. They become
 * spaces rather than nothing, so that math written with and without spaces is the same words:
 * {@code "x+y"} and {@code "x + y"}, {@code "(x,y)"} and {@code "(x, y)"}. One addition to Open R1's rule: a text of fewer than {@code n} words
 * has no n-gram at all, so it is compared whole, and a training problem identical to a short
 * evaluation problem (after normalisation) is contaminated too.
 */
public final class NGramIndex {
    /** Open R1's and s1's default. */
    public static final int DEFAULT_N = 8;

    /**
     * Where an overlap was found.
     *
     * @param source  the evaluation set, as it was added
     * @param id      the evaluation problem's id in it
     * @param overlap the shared n-gram (or the whole text of a short problem), normalised
     */
    public record Match(String source, String id, String overlap) {}

    private final int n;
    private final Map<String, Match> grams = new HashMap<>();
    private final Map<String, Match> shortTexts = new HashMap<>();
    private int texts;

    public NGramIndex(int n) {
        if (n < 1) throw new IllegalArgumentException("--ngram must be at least 1, got " + n);
        this.n = n;
    }

    public int n() {
        return n;
    }

    /** Evaluation texts added so far. */
    public int size() {
        return texts;
    }

    /** Adds an evaluation problem's text; the first problem to hold an n-gram is the one a match names. */
    public void add(String source, String id, String text) {
        List<String> words = words(text);
        texts++;
        if (words.size() < n) {
            if (!words.isEmpty()) shortTexts.putIfAbsent(String.join(" ", words), new Match(source, id, String.join(" ", words)));
            return;
        }
        for (int i = 0; i + n <= words.size(); i++) {
            String gram = String.join(" ", words.subList(i, i + n));
            grams.putIfAbsent(gram, new Match(source, id, gram));
        }
    }

    /** The first evaluation problem {@code text} overlaps, or empty when it is clean. */
    public Optional<Match> match(String text) {
        List<String> words = words(text);
        if (words.isEmpty()) return Optional.empty();
        Match whole = shortTexts.get(String.join(" ", words));
        if (whole != null) return Optional.of(whole);
        for (int i = 0; i + n <= words.size(); i++) {
            Match m = grams.get(String.join(" ", words.subList(i, i + n)));
            if (m != null) return Optional.of(m);
        }
        return Optional.empty();
    }

    /**
     * The words of a text as the index compares them: Unicode-normalised (NFKC: full-width digits and
     * ligatures become plain ones), lowercased, punctuation and symbols made spaces, split on whitespace.
     */
    public static List<String> words(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(s.length());
        s.codePoints().map(c -> isPunctuationOrSymbol(c) ? ' ' : c).forEach(kept::appendCodePoint);
        String[] split = kept.toString().strip().split("\\s+");
        return split.length == 1 && split[0].isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(split));
    }

    /** The text as one string of its words, what deduplication compares. */
    public static String normalised(String text) {
        return String.join(" ", words(text));
    }

    private static boolean isPunctuationOrSymbol(int c) {
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
