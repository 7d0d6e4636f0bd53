package io.reason4j.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the few Jinja2 expressions that Jinjava would read differently, before Jinjava parses
 * a chat template. Text outside {@code {{ }}} and {@code {% %}}, and string literals, are left as
 * they are; line breaks are kept, so Jinjava's line numbers still point into the original.
 *
 * <ul>
 *   <li>{@code not}: Jinja2 (like Python) binds {@code not} looser than comparisons and tests, so
 *       {@code not x|length == 1} means {@code not (x|length == 1)}; Jinjava binds it like
 *       {@code !} and computes {@code (not x|length) == 1}. We add the parentheses Jinja2 implies.
 *       Llama 3.1's template has exactly this expression.</li>
 *   <li>Named arguments: Jinja2 reads {@code f(n=x|length - 1)} as {@code f(n=(x|length - 1))};
 *       Jinjava binds {@code =} tighter and subtracts from the argument. We add the parentheses.
 *       Qwen3's template calls {@code namespace(last_query_index=messages|length - 1)}.</li>
 *   <li>{@code x[::-1]}: Jinjava has no slice step; Qwen3's template walks {@code messages[::-1]}.
 *       We write it {@code (x|reverse|list)}.</li>
 * </ul>
 */
final class Jinja2Syntax {

    private Jinja2Syntax() {
    }

    /** Words that end the operand of {@code not}: lower-precedence operators and the ternary. */
    private static final Set<String> OPERAND_END = Set.of("and", "or", "if", "else");

    private static final Pattern END_RAW = Pattern.compile("\\{%[-+]?\\s*endraw");

    private static final Set<String> TWO_CHAR_OPERATORS = Set.of("==", "!=", "<=", ">=", "//", "**");

    private enum Kind { NAME, STRING, NUMBER, OPEN, CLOSE, SEPARATOR, OTHER }

    private record Token(Kind kind, int start, int end, String text) {
    }

    static String toJinjava(String template) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            int open = nextDelimiter(template, i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            char kind = template.charAt(open + 1);
            String close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
            int contentStart = open + 2;
            int end = kind == '#' ? template.indexOf(close, contentStart) : findClose(template, contentStart, close);
            if (end < 0) {
                // Unterminated: leave it to Jinjava, which reports it with a line number.
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, contentStart);
            if (kind == '#') {
                out.append(template, contentStart, end);
            } else {
                // Whitespace control marks ({%- and -%}) stay outside the rewritten expression.
                int from = contentStart;
                int to = end;
                if (from < to && (template.charAt(from) == '-' || template.charAt(from) == '+')) {
                    from++;
                }
                if (to > from && (template.charAt(to - 1) == '-' || template.charAt(to - 1) == '+')) {
                    to--;
                }
                out.append(template, contentStart, from)
                        .append(rewriteExpression(template.substring(from, to)))
                        .append(template, to, end);
            }
            out.append(close);
            i = end + close.length();
            if (kind == '%' && template.substring(contentStart, end).replaceAll("[-+\\s]", "").equals("raw")) {
                // {% raw %} ... {% endraw %} is text: copy it as it is.
                Matcher endRaw = END_RAW.matcher(template);
                int rawEnd = endRaw.find(i) ? endRaw.start() : template.length();
                out.append(template, i, rawEnd);
                i = rawEnd;
            }
        }
        return out.toString();
    }

    private static int nextDelimiter(String s, int from) {
        for (int i = s.indexOf('{', from); i >= 0 && i + 1 < s.length(); i = s.indexOf('{', i + 1)) {
            char c = s.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /** The index of {@code close} that ends a tag, skipping string literals inside it. */
    private static int findClose(String s, int from, String close) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(s, i) - 1;
            } else if (s.startsWith(close, i)) {
                return i;
            }
        }
        return -1;
    }

    /** The index just past the string literal that starts at {@code start}. */
    private static int endOfString(String s, int start) {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        return s.length();
    }

    /** Replaces text[start, end) with {@code text}; start == end inserts. */
    private record Edit(int start, int end, String text) {
    }

    static String rewriteExpression(String expression) {
        List<Token> tokens = tokenize(expression);
        List<Edit> edits = new ArrayList<>();
        Deque<Integer> open = new ArrayDeque<>();
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.kind == Kind.OPEN) {
                open.push(k);
            } else if (t.kind == Kind.CLOSE && !open.isEmpty()) {
                open.pop();
            }
            if (t.kind == Kind.NAME && t.text.equals("not")) {
                boolean isNot = k > 0 && tokens.get(k - 1).text.equals("is");
                boolean notIn = k + 1 < tokens.size() && tokens.get(k + 1).text.equals("in");
                int last = isNot || notIn ? -1 : operandEnd(tokens, k + 1, OPERAND_END);
                if (last > k) {
                    edits.add(new Edit(t.end, t.end, "("));
                    edits.add(new Edit(tokens.get(last).end, tokens.get(last).end, ")"));
                }
            } else if (isNamedArgument(tokens, k, open.isEmpty() ? -1 : open.peek())) {
                int last = operandEnd(tokens, k + 1, Set.of());
                if (last > k + 1) {
                    edits.add(new Edit(t.end, t.end, "("));
                    edits.add(new Edit(tokens.get(last).end, tokens.get(last).end, ")"));
                }
            } else if (isReverseSlice(tokens, k)) {
                int first = k - 1;
                while (first >= 2 && tokens.get(first - 1).text.equals(".") && tokens.get(first - 2).kind == Kind.NAME) {
                    first -= 2;
                }
                edits.add(new Edit(tokens.get(first).start, tokens.get(first).start, "("));
                edits.add(new Edit(t.start, tokens.get(k + 5).end, "|reverse|list)"));
            }
        }
        // Stable sort: insertions at one position keep the order in which they were made.
        edits.sort((a, b) -> Integer.compare(a.start, b.start));
        StringBuilder out = new StringBuilder(expression.length() + 4 * edits.size());
        int pos = 0;
        for (Edit edit : edits) {
            out.append(expression, pos, edit.start).append(edit.text);
            pos = edit.end;
        }
        return out.append(expression.substring(pos)).toString();
    }

    /**
     * The index of the last token of an operand that starts at {@code from} and ends before a
     * separator, an unmatched closing bracket or one of {@code endWords}; -1 if it is empty.
     */
    private static int operandEnd(List<Token> tokens, int from, Set<String> endWords) {
        int depth = 0;
        int last = -1;
        for (int j = from; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            if (depth == 0 && (t.kind == Kind.SEPARATOR || t.kind == Kind.CLOSE
                    || t.kind == Kind.NAME && endWords.contains(t.text))) {
                break;
            }
            if (t.kind == Kind.OPEN) {
                depth++;
            } else if (t.kind == Kind.CLOSE) {
                depth--;
            }
            last = j;
        }
        return last;
    }

    /** Whether token k is the "=" of {@code name=value} directly inside the call that opens at {@code open}. */
    private static boolean isNamedArgument(List<Token> tokens, int k, int open) {
        if (!tokens.get(k).text.equals("=") || open < 1 || !tokens.get(open).text.equals("(")
                || tokens.get(k - 1).kind != Kind.NAME) {
            return false;
        }
        // A parenthesis right after a name or a closing bracket is a call, not a grouping.
        Kind beforeOpen = tokens.get(open - 1).kind;
        String beforeName = tokens.get(k - 2).text;
        return (beforeOpen == Kind.NAME || beforeOpen == Kind.CLOSE) && (beforeName.equals("(") || beforeName.equals(","));
    }

    /** Whether tokens k.. are {@code [ : : - 1 ]} right after a name. */
    private static boolean isReverseSlice(List<Token> tokens, int k) {
        if (k == 0 || k + 5 >= tokens.size() || tokens.get(k - 1).kind != Kind.NAME) {
            return false;
        }
        String[] expected = {"[", ":", ":", "-", "1", "]"};
        for (int n = 0; n < expected.length; n++) {
            if (!tokens.get(k + n).text.equals(expected[n])) {
                return false;
            }
        }
        return true;
    }

    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int start = i;
            Kind kind;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (c == '\'' || c == '"') {
                i = endOfString(s, i);
                kind = Kind.STRING;
            } else if (Character.isLetter(c) || c == '_') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                kind = Kind.NAME;
            } else if (Character.isDigit(c)) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                kind = Kind.NUMBER;
            } else if (i + 1 < s.length() && TWO_CHAR_OPERATORS.contains(s.substring(i, i + 2))) {
                i += 2;
                kind = Kind.OTHER;
            } else {
                i++;
                kind = switch (c) {
                    case '(', '[', '{' -> Kind.OPEN;
                    case ')', ']', '}' -> Kind.CLOSE;
                    case ',', ':' -> Kind.SEPARATOR;
                    default -> Kind.OTHER;
                };
            }
            tokens.add(new Token(kind, start, i, s.substring(start, i)));
        }
        return tokens;
    }
}
