package io.reason4j.reward;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the answer in a model's response (or in a reference), trying {@link ExtractionRule}s in order.
 *
 * <p>Boxes come first and are strict, because they are where a policy hedges: an empty last box, or
 * several boxes with different answers that are not joined into one list ("\boxed{1} … \boxed{2}"),
 * yield no answer at all rather than falling back to a weaker rule. Boxes separated only by "and",
 * "or", commas or a few words ("\boxed{1} papers and \boxed{2} bins") form one list of answers, as in
 * Math-Verify. Every scan is linear in the text; nothing here recurses.
 */
public final class AnswerExtractor {

    /** A response this short with no prose words is itself the answer. */
    private static final int WHOLE_TEXT_MAX_CHARS = 200;
    /** How far after an anchor phrase the answer may start. */
    private static final int ANCHOR_WINDOW = 400;
    private static final int MAX_JOINING_WORDS = 6;
    private static final int MAX_JOINING_CHARS = 80;
    private static final int NORMALIZE_MAX_CHARS = 10_000;

    private static final Pattern DELIMITERS = Pattern.compile("(?<!\\\\)\\$|\\\\[()\\[\\]]");
    private static final Pattern ANCHOR = Pattern.compile("(final answer is|final answer\\s*:|the answer is|answer\\s*:|answer is)\\s*:?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.\\\\^_])-?(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+/\\d+|\\d+\\.\\d+|\\d+|\\.\\d+)(?!\\d)");
    private static final Pattern CHOICE = Pattern.compile("\\(([A-J])\\)|\\\\text\\{\\s*\\(?([A-J])\\)?\\s*\\}"
            + "|(?i:answer|option|choice|choose|pick|select)\\s*(?i:is)?\\s*:?\\s*\\(?([A-J])\\)?(?![A-Za-z])|(?<![A-Za-z])([A-J])[.)]?\\s*\\z");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{3,}");
    private static final Pattern COMMAND = Pattern.compile("\\\\[A-Za-z]+");
    private static final Pattern JOINING_NOISE = Pattern.compile("\\\\(text|textnormal|textrm|mbox)\\s*\\{|[{}$]|\\\\[()\\[\\]]|\\\\q?quad|\\\\[,;:! ]|~");
    private static final Pattern CONJUNCTION = Pattern.compile("(?i)\\band\\b|\\bor\\b|[,;]");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z])");

    private final List<ExtractionRule> order;

    public AnswerExtractor(List<ExtractionRule> order) {
        if (order.isEmpty()) throw new IllegalArgumentException("at least one extraction rule is needed");
        this.order = List.copyOf(order);
    }

    /** The rules of an answer policy, in its order. */
    public static AnswerExtractor of(AnswerPolicy policy) {
        return new AnswerExtractor(policy.order());
    }

    /** The lenient policy (Math-Verify's order). */
    public static AnswerExtractor defaults() {
        return of(AnswerPolicy.LENIENT);
    }

    public List<ExtractionRule> order() {
        return order;
    }

    /**
     * The answer in a model's response; the {@link ExtractionRule#CHOICE_LETTER} rule, when in the
     * order, only when {@code choices} (the reference is a letter).
     */
    public Extraction extract(String text, boolean choices) {
        for (ExtractionRule rule : order) {
            if (rule == ExtractionRule.CHOICE_LETTER && !choices) continue;
            Extraction e = apply(rule, text);
            if (e != null) return e;
        }
        return Extraction.rejected("no answer found (rules tried: "
                + String.join(", ", order.stream().filter(r -> choices || r != ExtractionRule.CHOICE_LETTER).map(ExtractionRule::configName).toList()) + ")");
    }

    public Extraction extract(String text) {
        return extract(text, false);
    }

    /** A reference answer: its boxes if it has any, else all of it (without math delimiters). */
    public Extraction extractReference(String reference) {
        if (LatexBraces.indexOfCommand(reference, "boxed", 0) >= 0 || LatexBraces.indexOfCommand(reference, "fbox", 0) >= 0) {
            Extraction boxed = boxed(reference);
            if (boxed != null) return boxed;
        }
        String whole = withoutDelimiters(reference).strip();
        return whole.isEmpty() ? Extraction.rejected("the reference is empty") : Extraction.found(whole, ExtractionRule.WHOLE_TEXT);
    }

    /**
     * How many answers a response states: its boxes and its anchored phrases ("the final answer is",
     * "Answer:", …), tool output not counted. One is a committed answer; a rising count during RL is
     * a policy learning to hedge (docs/verifier.md, "The hacking monitor").
     */
    public static int statedAnswers(String response) {
        String text = ResponseScrubber.scrub(response, null);
        int anchors = 0;
        for (Matcher m = ANCHOR.matcher(text); m.find(); ) anchors++;
        return boxes(text).size() + anchors;
    }

    /** Null when the rule finds nothing (the next rule is tried); a rejection ends the search. */
    private Extraction apply(ExtractionRule rule, String text) {
        return switch (rule) {
            case BOXED -> boxed(text);
            case WHOLE_TEXT -> wholeText(text);
            case ANCHORED_PHRASE -> anchored(text);
            case LATEX_ENVIRONMENT -> {
                List<Candidate> envs = environments(text);
                yield envs.isEmpty() ? null : Extraction.found(envs.getLast().text(), rule);
            }
            case PLAIN_NUMBER -> {
                List<Candidate> numbers = numbers(text);
                yield numbers.isEmpty() ? null : Extraction.found(numbers.getLast().text(), rule);
            }
            case CHOICE_LETTER -> choice(text);
        };
    }

    // ---- boxes ---------------------------------------------------------------------------------

    private record Box(int start, int end, String content) {}

    private static Extraction boxed(String text) {
        List<Box> boxes = boxes(text);
        if (boxes.isEmpty()) return null;
        List<List<Box>> groups = new ArrayList<>();
        List<Box> group = new ArrayList<>(List.of(boxes.getFirst()));
        for (int i = 1; i < boxes.size(); i++) {
            if (joins(text.substring(boxes.get(i - 1).end(), boxes.get(i).start()))) {
                group.add(boxes.get(i));
            } else {
                groups.add(group);
                group = new ArrayList<>(List.of(boxes.get(i)));
            }
        }
        groups.add(group);
        List<Box> last = groups.getLast();
        if (last.stream().anyMatch(b -> b.content().isBlank())) return Extraction.rejected("empty \\boxed{}");
        // Identical boxes are compared once, and two different answers are enough: a spray of
        // thousands of boxes costs no more than two.
        Set<String> written = new LinkedHashSet<>();
        for (List<Box> g : groups) written.add(joined(g));
        Set<String> distinct = new LinkedHashSet<>();
        for (String w : written) {
            distinct.add(comparable(w));
            if (distinct.size() > 1) break;
        }
        if (distinct.size() > 1) {
            String shown = String.join(" | ", distinct);
            if (shown.length() > 200) shown = shown.substring(0, 200) + "...";
            return Extraction.rejected("several different boxed answers (" + shown + "); a hedge earns no credit");
        }
        return Extraction.found(joined(last), ExtractionRule.BOXED);
    }

    /** Normalised for the comparison of boxes; a huge box is compared as written (the budget rejects it later). */
    private static String comparable(String boxContent) {
        return boxContent.length() > NORMALIZE_MAX_CHARS ? boxContent : LatexNormalizer.normalize(boxContent);
    }

    private static String joined(List<Box> group) {
        return String.join("; ", group.stream().map(Box::content).toList());
    }

    private static List<Box> boxes(String text) {
        List<Box> out = new ArrayList<>();
        int from = 0;
        int b = LatexBraces.indexOfCommand(text, "boxed", 0), f = LatexBraces.indexOfCommand(text, "fbox", 0);
        while (true) {
            // Each search resumes where it stopped, so the scan stays linear however many boxes there are.
            if (b >= 0 && b < from) b = LatexBraces.indexOfCommand(text, "boxed", from);
            if (f >= 0 && f < from) f = LatexBraces.indexOfCommand(text, "fbox", from);
            int start = b < 0 ? f : f < 0 ? b : Math.min(b, f);
            if (start < 0) return out;
            int i = start + (start == b ? 6 : 5);
            while (i < text.length() && text.charAt(i) == ' ') i++;
            if (i < text.length() && text.charAt(i) == '{') {
                int close = LatexBraces.closing(text, i);
                if (close < 0) return out;
                out.add(new Box(start, close + 1, text.substring(i + 1, close)));
                from = close + 1;
            } else {
                // "\boxed 5": the next word is the content.
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '$') end++;
                out.add(new Box(start, end, text.substring(i, end)));
                from = Math.max(end, start + 1);
            }
        }
    }

    /** Whether the text between two boxes only joins them: nothing, or a few words with "and", "or", a comma. */
    private static boolean joins(String gap) {
        if (gap.length() > 4 * MAX_JOINING_CHARS) return false;
        String g = JOINING_NOISE.matcher(gap).replaceAll(" ").strip();
        while (g.endsWith(".")) g = g.substring(0, g.length() - 1).strip();
        if (g.isEmpty()) return true;
        if (g.length() > MAX_JOINING_CHARS || g.split("\\s+").length > MAX_JOINING_WORDS) return false;
        return CONJUNCTION.matcher(g).find();
    }

    // ---- other rules ------------------------------------------------------------------------------

    private static Extraction wholeText(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > WHOLE_TEXT_MAX_CHARS) return null;
        String bare = withoutDelimiters(t).strip();
        if (bare.isEmpty() || hasProse(bare)) return null;
        return Extraction.found(bare, ExtractionRule.WHOLE_TEXT);
    }

    /** Words of three or more letters that are not LaTeX commands, units or "and"/"or". */
    private static boolean hasProse(String s) {
        Matcher m = WORD.matcher(COMMAND.matcher(s).replaceAll(" "));
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (!w.equals("and") && !LatexNormalizer.UNITS.contains(w)) return true;
        }
        return false;
    }

    private static Extraction anchored(String text) {
        Matcher m = ANCHOR.matcher(text);
        int end = -1;
        while (m.find()) end = m.end();
        if (end < 0) return null;
        String segment = text.substring(end, Math.min(text.length(), end + ANCHOR_WINDOW)).stripLeading();
        int newline = segment.indexOf('\n');
        if (newline >= 0) segment = segment.substring(0, newline);
        Matcher sentence = SENTENCE_END.matcher(segment);
        while (sentence.find()) {
            if (countDollars(segment, sentence.start()) % 2 == 0) {
                segment = segment.substring(0, sentence.start());
                break;
            }
        }
        List<Candidate> envs = environments(segment), candidates = new ArrayList<>(envs);
        for (Candidate n : numbers(segment)) {
            if (envs.stream().noneMatch(e -> e.position() <= n.position() && n.position() < e.end())) candidates.add(n);
        }
        // "The largest $n$ is 34": a lone letter in math mode names the unknown, the number answers it.
        if (candidates.size() > 1) candidates.removeIf(c -> c.text().strip().matches("[A-Za-z]"));
        candidates.sort((a, b) -> Integer.compare(a.position(), b.position()));
        if (!candidates.isEmpty()) return Extraction.found(candidates.getLast().text(), ExtractionRule.ANCHORED_PHRASE);
        String plain = segment.strip();
        return plain.isEmpty() ? null : Extraction.found(plain, ExtractionRule.ANCHORED_PHRASE);
    }

    private static int countDollars(String s, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) if (s.charAt(i) == '$' && (i == 0 || s.charAt(i - 1) != '\\')) n++;
        return n;
    }

    private static Extraction choice(String text) {
        Matcher m = CHOICE.matcher(text);
        String letter = null;
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) if (m.group(g) != null) letter = m.group(g);
        }
        return letter == null ? null : Extraction.found(letter, ExtractionRule.CHOICE_LETTER);
    }

    /** A candidate answer and where it lies: [position, end) in the searched text. */
    private record Candidate(String text, int position, int end) {}

    /** Every $…$, $$…$$, \(…\), \[…\] in order; unclosed ones and escaped \$ are skipped. */
    private static List<Candidate> environments(String text) {
        List<Candidate> out = new ArrayList<>();
        int i = 0, n = text.length();
        // Once a closer is missing from some point on, it is missing from every later point: not
        // searching again keeps a text of many unclosed \( linear.
        boolean noParenCloser = false, noBracketCloser = false;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char next = text.charAt(i + 1);
                if (next == '(' || next == '[') {
                    boolean paren = next == '(';
                    int close = (paren ? noParenCloser : noBracketCloser) ? -1 : text.indexOf(paren ? "\\)" : "\\]", i + 2);
                    if (close < 0) {
                        if (paren) noParenCloser = true;
                        else noBracketCloser = true;
                        i += 2;
                        continue;
                    }
                    addIfPresent(out, text.substring(i + 2, close), i, close + 2);
                    i = close + 2;
                } else {
                    i += 2;
                }
            } else if (c == '$') {
                boolean display = i + 1 < n && text.charAt(i + 1) == '$';
                int open = i + (display ? 2 : 1);
                int close = closingDollar(text, open, display);
                if (close < 0) {
                    i = open;
                    continue;
                }
                addIfPresent(out, text.substring(open, close), i, close + (display ? 2 : 1));
                i = close + (display ? 2 : 1);
            } else {
                i++;
            }
        }
        return out;
    }

    private static int closingDollar(String text, int from, boolean display) {
        int at = text.indexOf(display ? "$$" : "$", from);
        while (at > 0 && text.charAt(at - 1) == '\\') at = text.indexOf(display ? "$$" : "$", at + 1);
        return at;
    }

    private static void addIfPresent(List<Candidate> out, String content, int position, int end) {
        if (!content.isBlank()) out.add(new Candidate(content, position, end));
    }

    private static List<Candidate> numbers(String text) {
        List<Candidate> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) out.add(new Candidate(m.group(), m.start(), m.end()));
        return out;
    }

    static String withoutDelimiters(String s) {
        return DELIMITERS.matcher(s).replaceAll(" ");
    }
}
