package io.reason4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Year;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

    /** Qwen2.5-7B-Instruct's chat_template, copied verbatim from its tokenizer_config.json. */
    private static final String QWEN25 = resourceTemplate("/text/qwen2.5-7b-instruct-chat-template.json");

    /** Meta-Llama-3-8B-Instruct's chat_template. */
    private static final String LLAMA3 = "{% set loop_messages = messages %}{% for message in loop_messages %}"
            + "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content']"
            + " | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
            + "{{ content }}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    private static String resourceTemplate(String name) {
        try (InputStream in = ChatTemplateTest.class.getResourceAsStream(name)) {
            return new ObjectMapper().readTree(in).get("chat_template").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChatTemplate qwen() {
        return new ChatTemplate(QWEN25, "Qwen2.5 template", null, "<|im_end|>");
    }

    @Test
    void rendersQwenWithASystemMessage() {
        String prompt = qwen().render(List.of(
                ChatMessage.system("You are a careful math tutor."),
                ChatMessage.user("What is 2+2?")), true);
        assertThat(prompt).isEqualTo("""
                <|im_start|>system
                You are a careful math tutor.<|im_end|>
                <|im_start|>user
                What is 2+2?<|im_end|>
                <|im_start|>assistant
                """);
    }

    @Test
    void rendersQwenWithItsDefaultSystemMessage() {
        assertThat(qwen().render(List.of(ChatMessage.user("Hi")), true)).isEqualTo("""
                <|im_start|>system
                You are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>
                <|im_start|>user
                Hi<|im_end|>
                <|im_start|>assistant
                """);
        assertThat(qwen().render(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello!")), false))
                .endsWith("<|im_start|>assistant\nHello!<|im_end|>\n");
    }

    @Test
    void rendersQwenToolsToolCallsAndToolResponses() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("type", "object");
        parameters.put("properties", Map.of("city", Map.of("type", "string")));
        parameters.put("required", List.of("city"));
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "get_weather");
        function.put("description", "Get the weather in a city");
        function.put("parameters", parameters);
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        Map<String, Object> call = Map.of("type", "function",
                "function", Map.of("name", "get_weather", "arguments", Map.of("city", "Paris")));

        String prompt = qwen().render(List.of(
                ChatMessage.user("Weather in Paris?"),
                new ChatMessage("assistant", null, Map.of("tool_calls", List.of(call))),
                new ChatMessage("tool", "18°C, sunny")), true, Map.of("tools", List.of(tool)));

        // Tool schemas are written as Python's json.dumps writes them: ", " and ": ".
        assertThat(prompt).isEqualTo("""
                <|im_start|>system
                You are Qwen, created by Alibaba Cloud. You are a helpful assistant.

                # Tools

                You may call one or more functions to assist with the user query.

                You are provided with function signatures within <tools></tools> XML tags:
                <tools>
                {"type": "function", "function": {"name": "get_weather", "description": "Get the weather in a city", \
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
                </tools>

                For each function call, return a json object with function name and arguments within \
                <tool_call></tool_call> XML tags:
                <tool_call>
                {"name": <function-name>, "arguments": <args-json-object>}
                </tool_call><|im_end|>
                <|im_start|>user
                Weather in Paris?<|im_end|>
                <|im_start|>assistant
                <tool_call>
                {"name": "get_weather", "arguments": {"city": "Paris"}}
                </tool_call><|im_end|>
                <|im_start|>user
                <tool_response>
                18°C, sunny
                </tool_response><|im_end|>
                <|im_start|>assistant
                """);
    }

    @Test
    void rendersLlama3WithBosTokenAndTrimmedContent() {
        ChatTemplate llama = new ChatTemplate(LLAMA3, "Llama 3 template", "<|begin_of_text|>", "<|eot_id|>");
        String prompt = llama.render(List.of(
                ChatMessage.system("You are helpful."),
                ChatMessage.user("  Hi!  \n")), true);
        assertThat(prompt).isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "You are helpful.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi!<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void raiseExceptionGivesTheTemplatesMessage() {
        ChatTemplate alternating = new ChatTemplate("""
                {%- for message in messages %}
                    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
                        {{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}
                    {%- endif %}
                    {{- message['content'] }}
                {%- endfor %}""", "mistral.jinja", null, null);
        assertThat(alternating.render(List.of(ChatMessage.user("a"), ChatMessage.assistant("b")), false))
                .isEqualTo("ab");
        assertThatThrownBy(() -> alternating.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), false))
                .isInstanceOf(TextFormatException.class)
                .hasMessage("mistral.jinja: the chat template refused the conversation: "
                        + "Conversation roles must alternate user/assistant/user/assistant/...");
    }

    @Test
    void reportsASyntaxErrorWhenTheTemplateIsCreated() {
        assertThatThrownBy(() -> new ChatTemplate("ok\n{% if messages %}\nno end", "broken.jinja", null, null))
                .isInstanceOf(TextFormatException.class)
                .hasMessageStartingWith("broken.jinja: invalid chat template: line 2:")
                .hasMessageContaining("endif");
    }

    @Test
    void reportsABrokenExpressionWithItsLineInsteadOfPartialText() {
        ChatTemplate broken = new ChatTemplate("first line\n{{ messages[0].content( }}", "broken.jinja", null, null);
        assertThatThrownBy(() -> broken.render(List.of(ChatMessage.user("x")), false))
                .isInstanceOf(TextFormatException.class)
                .hasMessageStartingWith("broken.jinja: cannot render the chat template: line 2:");
    }

    @Test
    void trimsBlocksAndStripsTheirIndentationAsTransformersDoes() {
        assertThat(ChatTemplate.of("<a>\n  {% if true %}\n  x\n  {% endif %}\n</a>").render(List.of(), false))
                .isEqualTo("<a>\n  x\n</a>");
        assertThat(ChatTemplate.of("{%- for m in messages %}\n    {{- m.role }}\n{%- endfor %}")
                .render(List.of(ChatMessage.user("a"), ChatMessage.assistant("b")), false))
                .isEqualTo("userassistant");
    }

    @Test
    void supportsPythonStringMethods() {
        // As Qwen3's template separates reasoning from the answer.
        ChatTemplate template = ChatTemplate.of("""
                {%- set content = messages[0].content %}
                {%- if '</think>' in content %}
                    {{- content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}|
                    {{- content.split('</think>')[-1].lstrip('\\n') }}|
                {%- endif %}
                {{- content.startswith('<think>') and content.endswith(('x', '42')) }} [{{ '  a b  '.strip() }}]
                {{- ' ' + 'a,b'.split(',')|length|string + ' ' + 'Ab'.upper() + 'Ab'.lower() + ' ' + '-'.join(['x', 'y']) }}""");
        assertThat(template.render(List.of(ChatMessage.assistant("<think>\nhmm\n</think>\n\n42")), false))
                .isEqualTo("hmm|42|true [a b] 2 ABab x-y");
    }

    @Test
    void followsJinja2PrecedenceForNot() {
        // Jinja2 reads "not a == b" as "not (a == b)"; Jinjava alone would compute "(not a) == b".
        ChatTemplate template = ChatTemplate.of(
                "{% if not messages|length == 1 %}many{% else %}one{% endif %}"
                + "{% if not messages[0].role == 'user' %} not-user{% endif %}"
                + "{% if not x is defined %} x-undefined{% endif %}");
        assertThat(template.render(List.of(ChatMessage.user("a")), false)).isEqualTo("one x-undefined");
        assertThat(template.render(List.of(ChatMessage.system("a"), ChatMessage.user("b")), false, Map.of("x", 1)))
                .isEqualTo("many not-user");
    }

    @Test
    void supportsSlicingNamespacesAndFilters() {
        ChatTemplate template = ChatTemplate.of("""
                {%- set ns = namespace(last_user=-1) %}
                {%- for message in messages[::-1] %}
                    {%- if ns.last_user < 0 and message.role == 'user' %}
                        {%- set ns.last_user = (messages|length - 1) - loop.index0 %}
                    {%- endif %}
                {%- endfor %}
                {{- ns.last_user }} {{ messages[1:]|length }} {{ (messages|reverse|list)[0].role }} \
                {{- ' ' + messages|selectattr('role', 'equalto', 'user')|list|length|string }} {{ messages[-1].content }}
                {%- for m in messages %}{% if loop.last %} last={{ m.role }}{% endif %}{% endfor %}
                {%- if messages[0].content is string and enable_thinking is not defined %} ok{% endif %}""");
        assertThat(template.render(List.of(ChatMessage.user("q1"), ChatMessage.assistant("a1"),
                ChatMessage.user("q2"), ChatMessage.assistant("a2")), false))
                .isEqualTo("2 3 assistant 2 a2 last=assistant ok");
    }

    @Test
    void readsNamedArgumentsAsJinja2Does() {
        // Qwen3's template; Jinjava alone reads "(last=messages|length) - 1".
        assertThat(ChatTemplate.of("{%- set ns = namespace(flag=true, last=messages|length - 1) %}{{ ns.last }}")
                .render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), false)).isEqualTo("1");
    }

    @Test
    void treatsStringsAsIterableAsPythonDoes() {
        // Llama 3.1's template writes tool results with tojson because a string is iterable.
        ChatTemplate template = ChatTemplate.of("{%- for message in messages %}"
                + "{%- if message.content is mapping or message.content is iterable %}{{ message.content | tojson }}"
                + "{%- else %}{{ message.content }}{% endif %}{% endfor %}");
        assertThat(template.render(List.of(new ChatMessage("tool", "sunny")), false)).isEqualTo("\"sunny\"");
    }

    @Test
    void passesExtraVariablesAndSpecialTokens() {
        ChatTemplate template = new ChatTemplate(
                "{{ bos_token }}{% if enable_thinking is defined and not enable_thinking %}<think>\n\n</think>{% endif %}"
                + "{{ eos_token }}{% if add_generation_prompt %}go{% endif %}", "t", "<s>", "</s>");
        assertThat(template.render(List.of(), true, Map.of("enable_thinking", false)))
                .isEqualTo("<s><think>\n\n</think></s>go");
        assertThatThrownBy(() -> template.render(List.of(), true, Map.of("messages", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rendersTojsonAsPythonDoes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "é \"q\"\n");
        value.put("n", List.of(1, 2.5));
        value.put("empty", Map.of());
        ChatTemplate template = ChatTemplate.of("{{ v | tojson }}|{{ v | tojson(indent=2) }}");
        assertThat(template.render(List.of(), false, Map.of("v", value))).isEqualTo(
                "{\"name\": \"é \\\"q\\\"\\n\", \"n\": [1, 2.5], \"empty\": {}}|"
                + "{\n  \"name\": \"é \\\"q\\\"\\n\",\n  \"n\": [\n    1,\n    2.5\n  ],\n  \"empty\": {}\n}");
    }

    @Test
    void printsBooleansInLowerCase() {
        // A known difference: Jinja2 prints Python's True; Jinjava prints true. Templates test
        // booleans rather than print them, and tojson writes true in both.
        assertThat(ChatTemplate.of("{{ add_generation_prompt }}").render(List.of(), true)).isEqualTo("true");
    }

    @Test
    void leavesTemplateSyntaxInMessagesAlone() {
        assertThat(ChatTemplate.of("{{ messages[0].content }}").render(List.of(ChatMessage.user("{{ 1 + 1 }}")), false))
                .isEqualTo("{{ 1 + 1 }}");
    }

    @Test
    void providesStrftimeNow() {
        String year = ChatTemplate.of("{{ strftime_now('%Y') }}").render(List.of(), false);
        assertThat(year).isIn(Year.now().toString(), Year.now().plusYears(1).toString());
    }
}
