package io.reason4j.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code tojson} filter as Hugging Face defines it for chat templates:
 * {@code json.dumps(x, ensure_ascii=False, indent=indent, sort_keys=sort_keys)}.
 *
 * <p>Jinjava's own {@code tojson} writes compact JSON ({@code {"a":1}}), but Python writes
 * {@code {"a": 1}}; tool schemas rendered into a prompt must match the text the model was trained
 * on token for token, so we write Python's layout: {@code ", "} and {@code ": "} without indent,
 * newlines and {@code ","} with it.
 */
final class PythonJson implements Filter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
        return filter(value, interpreter, args, Map.of());
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
        boolean sortKeys = Boolean.TRUE.equals(kwargs.get("sort_keys"));
        return dumps(value, indent == null ? null : indentString(indent), sortKeys);
    }

    private static String indentString(Object indent) {
        if (indent instanceof Number n) {
            return " ".repeat(Math.max(0, n.intValue()));
        }
        String s = indent.toString();
        // Jinjava hands positional filter arguments over as strings.
        return s.matches("\\d+") ? " ".repeat(Integer.parseInt(s)) : s;
    }

    /** Python's {@code json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sortKeys)}. */
    static String dumps(Object value, String indent, boolean sortKeys) {
        StringBuilder out = new StringBuilder();
        write(value, indent, sortKeys, 0, out);
        return out.toString();
    }

    private static void write(Object value, String indent, boolean sortKeys, int depth, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Byte _, Short _, Integer _, Long _, BigInteger _ -> out.append(value);
            case Number n -> out.append(pythonFloat(n.doubleValue()));
            case CharSequence s -> writeString(s.toString(), out);
            case Map<?, ?> map -> {
                List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
                if (sortKeys) {
                    entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
                }
                writeContainer('{', '}', entries, indent, depth, out, (entry, o) -> {
                    writeString(String.valueOf(entry.getKey()), o);
                    o.append(": ");
                    write(entry.getValue(), indent, sortKeys, depth + 1, o);
                });
            }
            case Iterable<?> items -> {
                List<Object> list = new ArrayList<>();
                items.forEach(list::add);
                writeContainer('[', ']', list, indent, depth, out, (item, o) -> write(item, indent, sortKeys, depth + 1, o));
            }
            default -> {
                if (value.getClass().isArray()) {
                    List<Object> list = new ArrayList<>();
                    for (int i = 0; i < Array.getLength(value); i++) {
                        list.add(Array.get(value, i));
                    }
                    write(list, indent, sortKeys, depth, out);
                } else {
                    writeString(value.toString(), out);
                }
            }
        }
    }

    private interface ItemWriter<T> {
        void write(T item, StringBuilder out);
    }

    private static <T> void writeContainer(char open, char close, List<T> items, String indent, int depth,
                                           StringBuilder out, ItemWriter<T> writer) {
        out.append(open);
        if (items.isEmpty()) {
            out.append(close);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(indent == null ? ", " : ",");
            }
            if (indent != null) {
                out.append('\n').append(indent.repeat(depth + 1));
            }
            writer.write(items.get(i), out);
        }
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
        out.append(close);
    }

    /** A JSON string with ensure_ascii=False: only quotes, backslashes and control characters are escaped. */
    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's {@code repr(float)}: shortest digits, exponent form below 1e-4 and from 1e16. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        // Double.toString gives the shortest digits that round-trip (JDK 19+), as Python's repr does.
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = exact.precision() - exact.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = exact.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + (exponent < 0 ? "e-" : "e+")
                + String.format("%02d", Math.abs(exponent));
    }
}
