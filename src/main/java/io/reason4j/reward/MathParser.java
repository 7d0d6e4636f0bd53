package io.reason4j.reward;

import io.reason4j.reward.LatexLexer.Token;
import io.reason4j.reward.LatexLexer.Type;
import io.reason4j.reward.MathExpr.Add;
import io.reason4j.reward.MathExpr.Call;
import io.reason4j.reward.MathExpr.Const;
import io.reason4j.reward.MathExpr.Interval;
import io.reason4j.reward.MathExpr.ListOf;
import io.reason4j.reward.MathExpr.Matrix;
import io.reason4j.reward.MathExpr.Mul;
import io.reason4j.reward.MathExpr.Num;
import io.reason4j.reward.MathExpr.PlusMinus;
import io.reason4j.reward.MathExpr.Pow;
import io.reason4j.reward.MathExpr.RelOp;
import io.reason4j.reward.MathExpr.Relation;
import io.reason4j.reward.MathExpr.SetOf;
import io.reason4j.reward.MathExpr.Sym;
import io.reason4j.reward.MathExpr.Tuple;
import io.reason4j.reward.MathExpr.Union;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser from a normalised LaTeX answer ({@link LatexNormalizer}) to a {@link MathExpr}.
 *
 * <p>Grammar, loosest first: list ({@code ;} then {@code ,}/and/or) → relation chain → {@code \cup} →
 * sum ({@code + - \pm}) → product (explicit and implicit) → unary minus → power → postfix {@code !} →
 * primary. The nesting depth is counted (one level per primary: a bracket, a brace, a function's
 * argument; and one per prefix sign) and limited by the budget, so deeply nested input is rejected
 * with a reason instead of a StackOverflowError.
 */
final class MathParser {
    private static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos",
            "arctan", "sinh", "cosh", "tanh", "ln", "log", "lg", "exp");
    private static final Set<String> MULTI_ARG_FUNCTIONS = Set.of("max", "min", "gcd", "lcm");
    private static final Set<String> TRANSPARENT = Set.of("overline", "bar", "vec", "hat", "widehat", "overrightarrow",
            "mathbf", "boldsymbol", "mathit", "mathrm", "mathbb", "mathcal", "operatorname", "text", "underline", "tilde");
    private static final Set<String> MATRICES = Set.of("matrix", "pmatrix", "bmatrix", "Bmatrix", "smallmatrix", "array");
    private static final Map<String, RelOp> RELATION_COMMANDS = Map.ofEntries(Map.entry("le", RelOp.LE),
            Map.entry("leq", RelOp.LE), Map.entry("leqslant", RelOp.LE), Map.entry("ge", RelOp.GE), Map.entry("geq", RelOp.GE),
            Map.entry("geqslant", RelOp.GE), Map.entry("ne", RelOp.NE), Map.entry("neq", RelOp.NE), Map.entry("lt", RelOp.LT),
            Map.entry("gt", RelOp.GT), Map.entry("in", RelOp.IN), Map.entry("equiv", RelOp.EQ));
    /** Commands that continue an expression rather than start a factor: never implicit multiplication. */
    private static final Set<String> OPERATOR_COMMANDS = Set.of("cdot", "times", "div", "pm", "mp", "cup", "cap", "approx",
            "rfloor", "rceil", "to", "setminus");

    private final String source;
    private final List<Token> tokens;
    private final CheckBudget budget;
    private int pos;
    private int depth;
    private int absDepth;

    private MathParser(String source, CheckBudget budget) {
        this.source = source;
        this.tokens = new ArrayList<>(LatexLexer.tokenize(source));
        this.budget = budget;
    }

    /** Parses a whole answer; throws MathSyntaxException or BudgetExceededException. */
    static MathExpr parse(String normalized, CheckBudget budget) {
        checkBracketDepth(normalized, budget);
        MathParser p = new MathParser(normalized, budget);
        MathExpr e = p.answer();
        if (p.peek().type() != Type.EOF) throw p.error("unexpected '" + p.peek().text() + "'");
        return e;
    }

    /** A linear pre-scan, so that 10⁵ nested brackets are refused before any recursion starts. */
    static void checkBracketDepth(String s, CheckBudget budget) {
        int d = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') budget.checkDepth(++d);
            else if (c == ')' || c == ']' || c == '}') d = Math.max(0, d - 1);
        }
    }

    // ---- lists and relations -------------------------------------------------------------

    private MathExpr answer() {
        List<List<MathExpr>> groups = new ArrayList<>();
        do {
            List<MathExpr> items = commaList();
            if (!items.isEmpty()) groups.add(items);
        } while (accept(";"));
        if (groups.isEmpty()) throw error("empty answer");
        if (groups.size() == 1) return listOrSingle(groups.getFirst());
        List<MathExpr> elements = new ArrayList<>();
        for (List<MathExpr> g : groups) elements.add(g.size() == 1 ? g.getFirst() : new Tuple(g));
        return new ListOf(elements);
    }

    private static MathExpr listOrSingle(List<MathExpr> items) {
        return items.size() == 1 ? items.getFirst() : new ListOf(items);
    }

    /** Items separated by commas, "and", "or"; empty items ({@code 19, 46, and 82}) are skipped. */
    private List<MathExpr> commaList() {
        List<MathExpr> items = new ArrayList<>();
        while (true) {
            budget.tick();
            Token t = peek();
            if (t.is(",") || t.type() == Type.WORD_SEP) {
                pos++;
                continue;
            }
            if (t.type() == Type.EOF || t.is(";") || t.is(")") || t.is("]") || t.is("}") || t.is("\\}")) break;
            items.add(relation());
            Token after = peek();
            if (!(after.is(",") || after.type() == Type.WORD_SEP)) break;
        }
        return items;
    }

    private MathExpr relation() {
        List<MathExpr> operands = new ArrayList<>(List.of(union()));
        List<RelOp> ops = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.isCommand("approx")) {
                pos++;
                MathExpr approximate = union();
                // "x = 1/3 ≈ 0.33": the exact value before ≈ is the answer (Math-Verify); "x ≈ 11" alone means x = 11.
                if (ops.isEmpty()) {
                    ops.add(RelOp.EQ);
                    operands.add(approximate);
                } else {
                    while (relationOp(peek()) != null || peek().isCommand("approx")) {
                        pos++;
                        union();
                    }
                }
                continue;
            }
            RelOp op = relationOp(t);
            if (op == null) break;
            pos++;
            ops.add(op);
            operands.add(union());
        }
        return ops.isEmpty() ? operands.getFirst() : new Relation(operands, ops);
    }

    private static RelOp relationOp(Token t) {
        if (t.type() == Type.COMMAND) return RELATION_COMMANDS.get(t.text());
        if (t.type() != Type.SYMBOL) return null;
        return switch (t.text()) {
            case "=" -> RelOp.EQ;
            case "<" -> RelOp.LT;
            case ">" -> RelOp.GT;
            case "<=" -> RelOp.LE;
            case ">=" -> RelOp.GE;
            case "!=" -> RelOp.NE;
            default -> null;
        };
    }

    private MathExpr union() {
        MathExpr first = sum();
        if (!peek().isCommand("cup")) return first;
        List<MathExpr> parts = new ArrayList<>(List.of(first));
        while (acceptCommand("cup")) parts.add(sum());
        return new Union(parts);
    }

    // ---- arithmetic ------------------------------------------------------------------------

    private MathExpr sum() {
        List<MathExpr> terms = new ArrayList<>();
        terms.add(product());
        while (true) {
            budget.tick();
            if (accept("+")) {
                terms.add(product());
            } else if (accept("-")) {
                terms.add(negate(product()));
            } else if (peek().isCommand("pm") || peek().isCommand("mp")) {
                pos++;
                MathExpr left = terms.size() == 1 ? terms.getFirst() : new Add(List.copyOf(terms));
                terms.clear();
                terms.add(new PlusMinus(left, product()));
            } else {
                break;
            }
        }
        return terms.size() == 1 ? terms.getFirst() : new Add(terms);
    }

    private MathExpr product() {
        List<MathExpr> factors = new ArrayList<>();
        factors.add(unary());
        while (true) {
            budget.tick();
            Token t = peek();
            if (t.is("*") || t.isCommand("cdot") || t.isCommand("times")) {
                pos++;
                factors.add(unary());
            } else if (t.is("/") || t.is(":") || t.isCommand("div")) {
                pos++;
                factors.add(reciprocal(unary()));
            } else if (startsImplicitFactor(t)) {
                if (t.type() == Type.NUMBER && factors.getLast() instanceof Num) {
                    throw error("two numbers side by side: '" + t.text() + "'");
                }
                factors.add(power());
            } else {
                break;
            }
        }
        return factors.size() == 1 ? factors.getFirst() : new Mul(factors);
    }

    private boolean startsImplicitFactor(Token t) {
        return switch (t.type()) {
            case NUMBER, LETTER, BEGIN -> true;
            case COMMAND -> !OPERATOR_COMMANDS.contains(t.text()) && !RELATION_COMMANDS.containsKey(t.text());
            case SYMBOL -> t.is("(") || t.is("{") || (t.is("|") && absDepth == 0);
            default -> false;
        };
    }

    private MathExpr unary() {
        if (accept("-")) return negate(nestedUnary());
        if (accept("+")) return nestedUnary();
        if (acceptCommand("pm") || acceptCommand("mp")) return new PlusMinus(null, nestedUnary());
        return power();
    }

    /** A sign's operand: one level deeper ({@code - - - x} nests like brackets). */
    private MathExpr nestedUnary() {
        enter();
        try {
            return unary();
        } finally {
            depth--;
        }
    }

    private MathExpr power() {
        MathExpr base = postfix();
        if (accept("^")) {
            MathExpr exponent = script();
            base = new Pow(base, exponent);
            while (accept("!")) base = new Call("factorial", List.of(base));
        }
        return base;
    }

    private MathExpr postfix() {
        MathExpr e = primary();
        while (accept("!")) e = new Call("factorial", List.of(e));
        return e;
    }

    // ---- primaries ----------------------------------------------------------------------------

    private MathExpr primary() {
        enter();
        try {
            Token t = peek();
            return switch (t.type()) {
                case NUMBER -> {
                    pos++;
                    yield number(t.text());
                }
                case LETTER -> symbol();
                case COMMAND -> command(t);
                case BEGIN -> matrix(t);
                case SYMBOL -> {
                    if (t.is("(") || t.is("[")) yield bracketed();
                    if (t.is("{")) yield braceGroup();
                    if (t.is("\\{")) yield setLiteral();
                    if (t.is("|")) yield absolute();
                    throw error("unexpected '" + t.text() + "'");
                }
                default -> throw error(t.type() == Type.EOF ? "answer ends too early" : "unexpected '" + t.text() + "'");
            };
        } finally {
            depth--;
        }
    }

    private static Num number(String text) {
        int dot = text.indexOf('.');
        return new Num(ExactRational.parseDecimal(text), dot < 0 ? -1 : text.length() - dot - 1);
    }

    private MathExpr symbol() {
        Token t = next();
        String name = t.text();
        if (accept("_")) name = name + "_" + scriptText();
        while (accept("'")) name = name + "'";
        if (name.equals("e")) return new Const(Const.Kind.E);
        return new Sym(name);
    }

    /** ( ) [ ]: grouping, tuple, or interval with the openness its brackets say. */
    private MathExpr bracketed() {
        Token open = next();
        List<MathExpr> items = commaList();
        Token close = next();
        if (!close.is(")") && !close.is("]")) throw error("'" + open.text() + "' is never closed");
        boolean roundOpen = open.is("("), roundClose = close.is(")");
        if (items.isEmpty()) throw error("empty brackets");
        if (items.size() == 1 && roundOpen == roundClose) return items.getFirst();
        if (items.size() == 2 && !(roundOpen && roundClose)) {
            return new Interval(items.get(0), items.get(1), roundOpen, roundClose);
        }
        if (roundOpen != roundClose) throw error("mismatched brackets " + open.text() + " " + close.text());
        return new Tuple(items);
    }

    /** A bare {@code {...}}: grouping, or a list when it holds several items ({@code {1,3}}). */
    private MathExpr braceGroup() {
        pos++;
        List<MathExpr> items = commaList();
        expect("}");
        if (items.isEmpty()) throw error("empty group {}");
        return listOrSingle(items);
    }

    private MathExpr setLiteral() {
        pos++;
        List<MathExpr> items = commaList();
        expect("\\}");
        return new SetOf(items);
    }

    private MathExpr absolute() {
        pos++;
        absDepth++;
        MathExpr inner = sum();
        absDepth--;
        expect("|");
        return new Call("abs", List.of(inner));
    }

    private MathExpr command(Token t) {
        String name = t.text();
        if (FUNCTIONS.contains(name)) return function(name);
        if (TRANSPARENT.contains(name)) {
            pos++;
            return argument();
        }
        pos++;
        return switch (name) {
            case "frac", "dfrac", "tfrac", "cfrac" -> {
                MathExpr num = argument();
                yield new Mul(List.of(num, reciprocal(argument())));
            }
            case "sqrt" -> {
                MathExpr index = Num.exact(2);
                if (accept("[")) {
                    index = sum();
                    expect("]");
                }
                MathExpr radicand = argument();
                yield new Pow(radicand, reciprocal(index));
            }
            case "binom", "dbinom", "tbinom" -> new Call("binom", List.of(argument(), argument()));
            case "pi" -> new Const(Const.Kind.PI);
            case "infty", "infinity" -> new Const(Const.Kind.INFINITY);
            case "emptyset", "varnothing" -> new SetOf(List.of());
            case "lfloor", "lceil" -> {
                MathExpr inner = sum();
                String close = name.equals("lfloor") ? "rfloor" : "rceil";
                if (!acceptCommand(close)) throw error("\\" + name + " without \\" + close);
                yield new Call(name.substring(1), List.of(inner));
            }
            case "sum", "prod" -> bigOperator(name);
            default -> {
                if (MULTI_ARG_FUNCTIONS.contains(name) && peek().is("(")) {
                    MathExpr args = bracketed();
                    yield new Call(name, args instanceof Tuple tuple ? tuple.elements() : List.of(args));
                }
                if (name.equals("int") || name.equals("lim") || name.equals("frac")) throw error("\\" + name + " is not supported");
                if (OPERATOR_COMMANDS.contains(name) || RELATION_COMMANDS.containsKey(name)) throw error("unexpected \\" + name);
                yield new Sym("\\" + name);
            }
        };
    }

    /** sin, ln, log_b ...: an optional power ({@code \sin^2 x}), an optional base, then the argument. */
    private MathExpr function(String name) {
        pos++;
        MathExpr power = null, base = null;
        for (int i = 0; i < 2; i++) {
            if (power == null && accept("^")) power = script();
            else if (base == null && name.equals("log") && accept("_")) base = script();
        }
        MathExpr arg;
        if (peek().is("(")) {
            arg = bracketed();
        } else {
            arg = power();
            // \sin 2x is sin(2x): the argument runs over the letters and numbers that follow.
            while (peek().type() == Type.LETTER || peek().type() == Type.NUMBER) arg = new Mul(List.of(arg, power()));
        }
        String fn = name.equals("lg") ? "log10" : name;
        MathExpr call;
        if (name.equals("log") && base != null) call = new Call("logb", List.of(base, arg));
        else call = new Call(fn.equals("log") ? "ln" : fn, List.of(arg));
        if (power == null) return call;
        // \sin^{-1} x is arcsin x, not 1/sin x.
        if (power instanceof Num n && n.value().equals(ExactRational.MINUS_ONE) && Set.of("sin", "cos", "tan").contains(name)) {
            return new Call("arc" + name, List.of(arg));
        }
        return new Pow(call, power);
    }

    /** \sum_{k=0}^{n-1} body: kept opaque, compared by its bounds and (order-free) body. */
    private MathExpr bigOperator(String name) {
        String lower = "", upper = "";
        for (int i = 0; i < 2; i++) {
            if (accept("_")) lower = scriptText();
            else if (accept("^")) upper = scriptText();
        }
        MathExpr body = product();
        return new Call(name, List.of(new Sym(lower), new Sym(upper), body));
    }

    private MathExpr matrix(Token begin) {
        pos++;
        if (!MATRICES.contains(begin.text())) throw error("environment " + begin.text() + " is not supported");
        if (begin.text().equals("array") && peek().is("{")) scriptText();
        List<List<MathExpr>> rows = new ArrayList<>();
        List<MathExpr> row = new ArrayList<>();
        while (true) {
            budget.tick();
            Token t = peek();
            if (t.type() == Type.END) {
                pos++;
                if (!row.isEmpty()) rows.add(row);
                break;
            }
            if (t.type() == Type.EOF) throw error("\\begin{" + begin.text() + "} without \\end");
            row.add(sum());
            if (accept("&")) continue;
            if (peek().type() == Type.ROW_SEP) {
                pos++;
                rows.add(row);
                row = new ArrayList<>();
            }
        }
        if (rows.isEmpty()) throw error("empty matrix");
        for (List<MathExpr> r : rows) {
            if (r.size() != rows.getFirst().size()) throw error("matrix rows of different lengths");
        }
        return new Matrix(rows);
    }

    // ---- arguments and scripts --------------------------------------------------------------

    /** A command argument: a braced group, or (malformed but common: \frac12, \sqrt3) one digit or symbol. */
    private MathExpr argument() {
        Token t = peek();
        if (t.is("{")) return bracedSum();
        if (t.type() == Type.NUMBER) return number(firstCharacter());
        if (t.type() == Type.LETTER) {
            pos++;
            return t.text().equals("e") ? new Const(Const.Kind.E) : new Sym(t.text());
        }
        if (t.type() == Type.COMMAND) return primary();
        throw error("missing argument");
    }

    /** A superscript: a braced group, or one character as LaTeX reads {@code x^23} (x² then 3). */
    private MathExpr script() {
        Token t = peek();
        if (t.is("{")) return bracedSum();
        if (accept("-")) {
            enter();
            try {
                return negate(script());
            } finally {
                depth--;
            }
        }
        if (t.type() == Type.NUMBER) return number(firstCharacter());
        return primary();
    }

    private MathExpr bracedSum() {
        pos++;
        MathExpr e = sum();
        expect("}");
        return e;
    }

    /** The raw text of a subscript (the name of {@code a_{37}} is a_37), whitespace removed. */
    private String scriptText() {
        Token t = peek();
        if (t.is("{")) {
            int start = t.position() + 1, open = 0;
            while (true) {
                Token u = next();
                if (u.type() == Type.EOF) throw error("'{' is never closed");
                if (u.is("{")) open++;
                else if (u.is("}") && --open == 0) return source.substring(start, u.position()).replaceAll("\\s+", "");
            }
        }
        if (t.type() == Type.NUMBER) return firstCharacter();
        if (t.type() == Type.EOF) throw error("missing subscript");
        pos++;
        return t.type() == Type.COMMAND ? "\\" + t.text() : t.text();
    }

    /** Consumes the first character of the current NUMBER token and leaves the rest for later. */
    private String firstCharacter() {
        Token t = peek();
        String text = t.text();
        if (text.length() == 1 || text.contains(".")) {
            pos++;
            return text;
        }
        tokens.set(pos, new Token(Type.NUMBER, text.substring(1), t.position() + 1));
        return text.substring(0, 1);
    }

    // ---- helpers --------------------------------------------------------------------------------

    static MathExpr negate(MathExpr e) {
        if (e instanceof Num n) return new Num(n.value().negate(), n.decimals());
        return new Mul(List.of(Num.exact(-1), e));
    }

    static MathExpr reciprocal(MathExpr e) {
        return new Pow(e, Num.exact(-1));
    }

    private void enter() {
        budget.checkDepth(++depth);
        budget.tick();
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.type() != Type.EOF) pos++;
        return t;
    }

    private boolean accept(String symbol) {
        if (peek().is(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptCommand(String name) {
        if (peek().isCommand(name)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) throw error("expected '" + symbol + "' but found '" + peek().text() + "'");
    }

    private MathSyntaxException error(String message) {
        return new MathSyntaxException(message + " at position " + peek().position());
    }
}
