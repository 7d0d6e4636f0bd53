package io.reason4j.reward;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DeepSeek-R1's language-consistency reward: "the proportion of target language words in the CoT",
 * added to the accuracy reward to stop the chain of thought mixing languages. The chain of thought is
 * the text inside {@code <think>…</think>} when the response has one (an unclosed {@code <think>}: all
 * after it), else the whole response. A word is a run of letters, or a single character of a script
 * written without spaces (Han, kana, Thai); it is in the target language when its script is one of
 * the language's. Scripts stand in for languages: English and French both count as Latin, which is
 * what a mixed-language CoT (R1's failure: English and Chinese) needs told apart. A chain of thought
 * with no words earns 0, so writing none is no way to score.
 */
public record LanguageConsistencyReward(String language, Set<UnicodeScript> scripts) implements RewardComponent {
    public static final String NAME = "language_consistency";

    /** Languages by their code and the scripts they are written in. */
    public static final Map<String, Set<UnicodeScript>> LANGUAGES = Map.ofEntries(
            Map.entry("en", EnumSet.of(UnicodeScript.LATIN)), Map.entry("fr", EnumSet.of(UnicodeScript.LATIN)),
            Map.entry("de", EnumSet.of(UnicodeScript.LATIN)), Map.entry("es", EnumSet.of(UnicodeScript.LATIN)),
            Map.entry("it", EnumSet.of(UnicodeScript.LATIN)), Map.entry("pt", EnumSet.of(UnicodeScript.LATIN)),
            Map.entry("zh", EnumSet.of(UnicodeScript.HAN)),
            Map.entry("ja", EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA)),
            Map.entry("ko", EnumSet.of(UnicodeScript.HANGUL, UnicodeScript.HAN)),
            Map.entry("ru", EnumSet.of(UnicodeScript.CYRILLIC)), Map.entry("uk", EnumSet.of(UnicodeScript.CYRILLIC)),
            Map.entry("el", EnumSet.of(UnicodeScript.GREEK)), Map.entry("ar", EnumSet.of(UnicodeScript.ARABIC)),
            Map.entry("he", EnumSet.of(UnicodeScript.HEBREW)), Map.entry("hi", EnumSet.of(UnicodeScript.DEVANAGARI)),
            Map.entry("th", EnumSet.of(UnicodeScript.THAI)));

    /** Scripts written without spaces between words: each character is a word. */
    private static final Set<UnicodeScript> UNSPACED = EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA,
            UnicodeScript.THAI);

    public LanguageConsistencyReward {
        scripts = Set.copyOf(scripts);
        if (scripts.isEmpty()) throw new IllegalArgumentException("the language-consistency reward needs at least one script");
    }

    /** The reward for a language code of {@link #LANGUAGES}. */
    public static LanguageConsistencyReward of(String language) {
        Set<UnicodeScript> scripts = LANGUAGES.get(language.toLowerCase(Locale.ROOT));
        if (scripts == null) {
            throw new IllegalArgumentException("unknown language '" + language + "'; known: " + String.join(", ", LANGUAGES.keySet().stream().sorted().toList()));
        }
        return new LanguageConsistencyReward(language, scripts);
    }

    /** The chain of thought: inside the first {@code <think>…</think>}, or after an unclosed {@code <think>}, or all of it. */
    static String chainOfThought(String response) {
        int open = response.indexOf("<think>");
        if (open < 0) return response;
        int close = response.indexOf("</think>", open);
        return close < 0 ? response.substring(open + 7) : response.substring(open + 7, close);
    }

    /** Target-language words / all words of the chain of thought; 0 when it has none. */
    public double value(String response) {
        String text = chainOfThought(response);
        int words = 0, target = 0;
        UnicodeScript current = null; // the script of the spaced word being read, null between words
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                current = null;
                continue;
            }
            UnicodeScript script = UnicodeScript.of(cp);
            if (UNSPACED.contains(script)) {
                current = null;
                words++;
                if (scripts.contains(script)) target++;
            } else if (script != current) { // a new word starts where a letter run starts or changes script
                current = script;
                words++;
                if (scripts.contains(script)) target++;
            }
        }
        return words == 0 ? 0.0 : (double) target / words;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentScore score(RewardContext context) {
        double v = value(context.sample().response());
        return new ComponentScore(NAME, v, String.format(Locale.ROOT, "%.0f%% of the chain of thought's words in %s", 100 * v, language));
    }
}
