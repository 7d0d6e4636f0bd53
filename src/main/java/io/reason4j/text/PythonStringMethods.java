package io.reason4j.text;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python's {@code str} methods for chat templates, which Jinjava does not have.
 *
 * <p>Jinja2 evaluates {@code message.content.startswith('<tool_response>')} as Python; Jinjava
 * looks for a Java method of that name on {@link String} and fails. Hugging Face templates use
 * these methods routinely (Qwen3 splits reasoning out of the content with {@code split} and
 * {@code rstrip}), so this resolver answers them first and leaves everything else to Jinjava.
 * It also gives strings Python's item access, {@code s[0]} and {@code s[-1]}.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || !(method instanceof String name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result;
        switch (name) {
            case "startswith" -> result = anyMatch(args, 0, s::startsWith);
            case "endswith" -> result = anyMatch(args, 0, s::endsWith);
            case "strip" -> result = strip(s, arg(args, 0), true, true);
            case "lstrip" -> result = strip(s, arg(args, 0), true, false);
            case "rstrip" -> result = strip(s, arg(args, 0), false, true);
            case "split" -> result = split(s, arg(args, 0), maxSplit(arg(args, 1)));
            case "upper" -> result = s.toUpperCase(Locale.ROOT);
            case "lower" -> result = s.toLowerCase(Locale.ROOT);
            case "replace" -> result = replace(s, String.valueOf(arg(args, 0)), String.valueOf(arg(args, 1)),
                    maxSplit(arg(args, 2)));
            case "find" -> result = s.indexOf(String.valueOf(arg(args, 0)));
            case "join" -> result = join(s, arg(args, 0));
            default -> {
                return null;
            }
        }
        context.setPropertyResolved(true);
        return result;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        // Jinjava may hand the index over as text ("-1").
        Integer index = property instanceof Number n ? Integer.valueOf(n.intValue())
                : property instanceof String p && p.matches("-?\\d{1,9}") ? Integer.valueOf(p) : null;
        if (base instanceof String s && index != null) {
            int i = index < 0 ? s.length() + index : index;
            context.setPropertyResolved(true);
            // Out of range is an IndexError in Python, which Jinja2 renders as undefined.
            return i >= 0 && i < s.length() ? String.valueOf(s.charAt(i)) : null;
        }
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // Strings are immutable; leave the error to the next resolver.
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }

    private static Object arg(Object[] args, int i) {
        return i < args.length ? args[i] : null;
    }

    private static int maxSplit(Object arg) {
        return arg instanceof Number n ? n.intValue() : -1;
    }

    /** {@code s.startswith(x)} where x is a string or a tuple (list) of strings. */
    private static boolean anyMatch(Object[] args, int i, Predicate<String> test) {
        Object arg = arg(args, i);
        if (arg instanceof Collection<?> options) {
            return options.stream().anyMatch(o -> test.test(String.valueOf(o)));
        }
        return test.test(String.valueOf(arg));
    }

    /** Python's whitespace, which includes a few characters Java's {@code isWhitespace} leaves out. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private static String strip(String s, Object chars, boolean left, boolean right) {
        String set = chars == null ? null : chars.toString();
        int start = 0;
        int end = s.length();
        while (left && start < end && (set == null ? isSpace(s.charAt(start)) : set.indexOf(s.charAt(start)) >= 0)) {
            start++;
        }
        while (right && end > start && (set == null ? isSpace(s.charAt(end - 1)) : set.indexOf(s.charAt(end - 1)) >= 0)) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Python's {@code str.split}: without a separator, splits on runs of whitespace and drops
     * empty ends; with one, splits on every occurrence and keeps empty parts.
     */
    static List<String> split(String s, Object separator, int maxSplit) {
        List<String> parts = new ArrayList<>();
        if (separator == null) {
            int i = 0;
            while (true) {
                while (i < s.length() && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i == s.length()) {
                    return parts;
                }
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(strip(s.substring(i), null, false, true));
                    return parts;
                }
                int start = i;
                while (i < s.length() && !isSpace(s.charAt(i))) {
                    i++;
                }
                parts.add(s.substring(start, i));
            }
        }
        String sep = separator.toString();
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int start = 0;
        int at;
        while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(sep, start)) >= 0) {
            parts.add(s.substring(start, at));
            start = at + sep.length();
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        int at;
        for (int done = 0; done < count && !old.isEmpty() && (at = s.indexOf(old, start)) >= 0; done++) {
            out.append(s, start, at).append(replacement);
            start = at + old.length();
        }
        return out.append(s.substring(start)).toString();
    }

    private static String join(String separator, Object items) {
        List<String> parts = new ArrayList<>();
        if (items instanceof Iterable<?> iterable) {
            iterable.forEach(item -> parts.add(String.valueOf(item)));
        } else if (items instanceof CharSequence chars) {
            chars.codePoints().forEach(c -> parts.add(Character.toString(c)));
        }
        return String.join(separator, parts);
    }
}
