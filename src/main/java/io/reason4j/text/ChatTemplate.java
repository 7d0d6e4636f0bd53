package io.reason4j.text;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jinjava.javax.el.CompositeELResolver;

/**
 * A Hugging Face chat template ({@code chat_template} in tokenizer_config.json, a Jinja2 text)
 * that turns a conversation into the prompt text the model was trained on.
 *
 * <p>We render with Jinjava, set up to behave as transformers' {@code apply_chat_template} does:
 * {@code trim_blocks} and {@code lstrip_blocks} on, the helpers transformers adds
 * ({@code raise_exception}, {@code strftime_now}, a Python-compatible {@code tojson}), Python's
 * string methods, and Jinja2's operator precedence (see {@link Jinja2Syntax}). A template that
 * fails, or calls {@code raise_exception}, throws {@link TextFormatException}; it never returns
 * partial text. Instances are immutable and safe to share between threads.
 */
public final class ChatTemplate {

    private static final Jinjava JINJAVA = createJinjava();

    private final String source;
    private final String origin;
    private final String bosToken;
    private final String eosToken;
    private final String jinjavaSource;

    /**
     * @param source   the Jinja2 template text
     * @param origin   where the template comes from, for error messages (e.g. the file)
     * @param bosToken the value of {@code bos_token} in the template, or null
     * @param eosToken the value of {@code eos_token} in the template, or null
     * @throws TextFormatException if the template has a syntax error
     */
    public ChatTemplate(String source, String origin, String bosToken, String eosToken) {
        this.source = Objects.requireNonNull(source, "source");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.jinjavaSource = Jinja2Syntax.toJinjava(source);
        checkSyntax();
    }

    /** A template without special tokens, for tests and ad-hoc use. */
    public static ChatTemplate of(String source) {
        return new ChatTemplate(source, "chat template", null, null);
    }

    /** The template text as given. */
    public String source() {
        return source;
    }

    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * Renders a conversation, passing the variables transformers passes: {@code messages} (a list
     * of maps), {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}, and the extra
     * variables (e.g. {@code tools}, {@code enable_thinking}).
     *
     * @param addGenerationPrompt whether to end with the header of an assistant turn, so that the
     *                            model's completion is the assistant's reply
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt,
                         Map<String, ?> extraVariables) {
        if (extraVariables.containsKey("messages") || extraVariables.containsKey("add_generation_prompt")) {
            throw new IllegalArgumentException("pass messages and add_generation_prompt as arguments, not as extra variables");
        }
        Map<String, Object> variables = new HashMap<>();
        if (bosToken != null) {
            variables.put("bos_token", bosToken);
        }
        if (eosToken != null) {
            variables.put("eos_token", eosToken);
        }
        variables.putAll(extraVariables);
        List<Map<String, Object>> messageValues = new ArrayList<>();
        for (ChatMessage message : messages) {
            messageValues.add(message.toTemplateValue());
        }
        variables.put("messages", messageValues);
        variables.put("add_generation_prompt", addGenerationPrompt);

        RenderResult result;
        try {
            result = JINJAVA.renderForResult(jinjavaSource, variables);
        } catch (RuntimeException e) {
            throw new TextFormatException(origin + ": cannot render the chat template: " + e.getMessage(), e);
        }
        failOnErrors(result.getErrors(), "cannot render the chat template");
        return result.getOutput();
    }

    @Override
    public String toString() {
        return "ChatTemplate(" + origin + ")";
    }

    /** Parses the template once, so that a broken one is reported when it is loaded, not at first use. */
    private void checkSyntax() {
        JinjavaInterpreter interpreter = JINJAVA.newInterpreter();
        try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            current.value().parse(jinjavaSource);
        } catch (RuntimeException e) {
            throw new TextFormatException(origin + ": invalid chat template: " + e.getMessage(), e);
        }
        failOnErrors(interpreter.getErrors(), "invalid chat template");
    }

    private void failOnErrors(List<TemplateError> errors, String what) {
        for (TemplateError error : errors) {
            for (Throwable t = error.getException(); t != null; t = t.getCause()) {
                if (t instanceof RaisedByTemplate raised) {
                    throw new TextFormatException(origin + ": the chat template refused the conversation: "
                            + raised.getMessage());
                }
            }
        }
        List<String> fatal = new ArrayList<>();
        for (TemplateError error : errors) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                fatal.add("line " + error.getLineno() + ": " + error.getMessage());
            }
        }
        if (!fatal.isEmpty()) {
            throw new TextFormatException(origin + ": " + what + ": " + String.join("; ", fatal));
        }
    }

    /** Thrown by {@code raise_exception(message)}, which templates call to reject a conversation. */
    private static final class RaisedByTemplate extends RuntimeException {
        RaisedByTemplate(String message) {
            super(message, null, false, false);
        }
    }

    private static String raiseException(Object message) {
        throw new RaisedByTemplate(String.valueOf(message));
    }

    /** transformers' {@code strftime_now(format)}: the current local time, formatted as Python does. */
    private static String strftimeNow(String format) {
        return StrftimeFormatter.format(ZonedDateTime.now(), format);
    }

    private static Jinjava createJinjava() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        // Read-only, as transformers renders in Jinja2's ImmutableSandboxedEnvironment.
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                // Message text that contains "{{" is text, never a template to expand again.
                .withNestedInterpretationEnabled(false)
                // Jinja2's behaviour where Jinjava's differs ({{- trims, operator precedence, ...),
                // except the one override that rejects "{{-x}}" without spaces, which Jinja2 accepts.
                .withLegacyOverrides(LegacyOverrides.Builder.from(LegacyOverrides.ALL)
                        .withWhitespaceRequiredWithinTokens(false)
                        .build())
                .withElResolver(resolver)
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.registerFunction(function("raise_exception", "raiseException", Object.class));
        jinjava.registerFunction(function("strftime_now", "strftimeNow", String.class));
        jinjava.registerFilter(new PythonJson());
        jinjava.registerExpTest(new IterableAsInPython("iterable"));
        jinjava.registerExpTest(new IterableAsInPython("sequence"));
        return jinjava;
    }

    /**
     * The tests {@code is iterable} and {@code is sequence} as Python answers them: strings and
     * dicts are both. Llama 3.1's template relies on it: it writes a tool result with
     * {@code tojson} when {@code message.content is iterable}, which a string is.
     */
    private record IterableAsInPython(String getName) implements ExpTest {
        @Override
        public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... args) {
            return value instanceof CharSequence || value instanceof Iterable<?> || value instanceof Map<?, ?>
                    || value != null && value.getClass().isArray();
        }
    }

    private static ELFunctionDefinition function(String name, String method, Class<?> parameter) {
        try {
            var m = ChatTemplate.class.getDeclaredMethod(method, parameter);
            m.setAccessible(true);
            return new ELFunctionDefinition("", name, m);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
