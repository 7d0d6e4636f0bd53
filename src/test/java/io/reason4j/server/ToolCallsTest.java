package io.reason4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.engine.FinishReason;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.engine.SamplingParams;
import io.reason4j.text.CharacterTokenizerFiles;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tool calls read out of chat answers (vLLM's hermes parser): the format, streaming, the JSON, the request rules. */
class ToolCallsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CALL = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"days\": 2}}\n</tool_call>";

    @TempDir static Path dir;
    static ModelDirectory model;
    static Tokenizer tokenizer;

    @BeforeAll
    static void open() {
        model = ModelDirectory.open(TinyServedModel.write(dir.resolve("tiny"), 3));
        tokenizer = model.tokenizer().orElseThrow();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void callsAreReadOutOfTheAnswerAfterItsContent() {
        assertThat(HermesToolCalls.parse("Let me look." + CALL)).containsExactly(
                new HermesToolCalls.ToolCall("get_weather", "{\"city\":\"Paris\",\"days\":2}"));
        String second = "<tool_call>{\"name\": \"now\", \"arguments\": {}}</tool_call>";
        assertThat(HermesToolCalls.parse(CALL + "\n" + second)).extracting(HermesToolCalls.ToolCall::name).containsExactly("get_weather", "now");
        // A last block cut before its closing tag still counts, as in vLLM.
        assertThat(HermesToolCalls.parse("<tool_call>{\"name\": \"now\", \"arguments\": {\"tz\": \"UTC\"}}"))
                .containsExactly(new HermesToolCalls.ToolCall("now", "{\"tz\":\"UTC\"}"));
        // Arguments the model wrote as a string stay a JSON string.
        assertThat(HermesToolCalls.parse("<tool_call>{\"name\": \"f\", \"arguments\": \"x=1\"}</tool_call>").get(0).arguments())
                .isEqualTo("\"x=1\"");
    }

    @Test
    void anythingButWellFormedCallsIsContent() {
        assertThat(HermesToolCalls.parse("no calls here")).isEmpty();
        assertThat(HermesToolCalls.parse("<tool_call>{\"name\": \"f\", \"arguments\": {}")).isEmpty();      // JSON cut short
        assertThat(HermesToolCalls.parse("<tool_call>{\"name\": \"f\"}</tool_call>")).isEmpty();           // no arguments
        assertThat(HermesToolCalls.parse("<tool_call>{\"name\": 3, \"arguments\": {}}</tool_call>")).isEmpty();
        assertThat(HermesToolCalls.parse("<tool_call>{\"name\": \"f\", \"arguments\": {}} and more</tool_call>")).isEmpty();
        assertThat(HermesToolCalls.parse("<tool_call>[1, 2]</tool_call>")).isEmpty();
        assertThat(HermesToolCalls.parse(CALL + "<tool_call>oops</tool_call>")).isEmpty();                  // one bad block spoils all
    }

    @Test
    void whileStreamingATailThatMayBecomeACallTagIsHeldBack() {
        assertThat(HermesToolCalls.contentEnd("plain text")).isEqualTo(10);
        assertThat(HermesToolCalls.contentEnd("text <tool_c")).isEqualTo(5);
        assertThat(HermesToolCalls.contentEnd("text <")).isEqualTo(5);
        assertThat(HermesToolCalls.contentEnd("a < b")).isEqualTo(5);
        assertThat(HermesToolCalls.contentEnd("text <tool_call>{\"na")).isEqualTo(5);
    }

    @Test
    void aStreamedAnswerSendsOnlyItsContentAndEndsWithTheCalls() {
        String answer = "Let me look <it> up." + CALL;
        ChoiceOutput out = output(true);
        List<String> pieces = new ArrayList<>();
        int[] ids = tokenizer.encode(answer, false);
        for (int id : ids) {
            out.add(update(new int[] {id}, null));
            String piece = out.takeText();
            pieces.add(piece);
            assertThat(String.join("", pieces)).isEqualTo(answer.substring(0, String.join("", pieces).length()))
                    .doesNotContain("<tool");
        }
        out.add(update(new int[] {CharacterTokenizerFiles.IM_END_ID}, FinishReason.STOP));
        pieces.add(out.takeText());

        assertThat(String.join("", pieces)).isEqualTo("Let me look <it> up.");
        assertThat(out.text()).isEqualTo("Let me look <it> up.");
        assertThat(out.toolCalls()).extracting(HermesToolCalls.ToolCall::name).containsExactly("get_weather");
        assertThat(out.size()).isEqualTo(ids.length + 1);
    }

    @Test
    void anAnswerWithoutCallsIsAllContentAndTheStopTokenAddsNoText() {
        ChoiceOutput out = output(true);
        out.add(update(tokenizer.encode("Sunny <tool_c", false), null));
        assertThat(out.takeText()).isEqualTo("Sunny ");
        out.add(update(new int[] {CharacterTokenizerFiles.IM_END_ID}, FinishReason.STOP));
        assertThat(out.takeText()).isEqualTo("<tool_c");
        assertThat(out.text()).isEqualTo("Sunny <tool_c");
        assertThat(out.toolCalls()).isEmpty();
    }

    @Test
    void theMessageCarriesTheCallsAsOpenAiShapesThem() {
        ChoiceOutput out = output(true);
        out.add(update(tokenizer.encode(CALL, false), null));
        out.add(update(new int[] {CharacterTokenizerFiles.IM_END_ID}, FinishReason.STOP));
        GenerationJob job = job(false);

        ObjectNode whole = ResponseBodies.chatChoice(0, out.text(), false, out, 0, out.size(), job, Set.of(CharacterTokenizerFiles.IM_END_ID));
        JsonNode message = whole.get("message");
        assertThat(message.get("content").isNull()).isTrue();
        JsonNode call = message.get("tool_calls").get(0);
        assertThat(call.get("id").asText()).startsWith("chatcmpl-tool-");
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"city\":\"Paris\",\"days\":2}");
        assertThat(call.has("index")).isFalse();
        assertThat(whole.get("finish_reason").asText()).isEqualTo("tool_calls");

        ObjectNode last = ResponseBodies.chatChoice(0, "", true, out, out.size() - 1, out.size(), job, Set.of(CharacterTokenizerFiles.IM_END_ID));
        assertThat(last.get("delta").get("tool_calls").get(0).get("index").asInt()).isZero();
        assertThat(last.get("finish_reason").asText()).isEqualTo("tool_calls");
        ObjectNode earlier = ResponseBodies.chatChoice(0, "", true, out, 0, 1, job, Set.of(CharacterTokenizerFiles.IM_END_ID));
        assertThat(earlier.get("delta").has("tool_calls")).isFalse();
        assertThat(earlier.get("finish_reason").isNull()).isTrue();
    }

    @Test
    void toolChoiceFollowsVllm() throws Exception {
        RequestParser off = new RequestParser(ServedModel.of(model, "tiny"), false);
        RequestParser on = new RequestParser(ServedModel.of(model, "tiny"), true);
        String tools = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\", \"parameters\": {}}}]";
        String user = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";

        assertThatThrownBy(() -> off.chat(body(user + ", " + tools))).isInstanceOf(ApiException.class)
                .hasMessageContaining("\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser");
        assertThat(off.chat(body(user + ", " + tools + ", \"tool_choice\": \"none\"")).output().toolCalls()).isFalse();
        assertThat(off.chat(body(user)).output().toolCalls()).isFalse();

        GenerationJob auto = on.chat(body(user + ", " + tools));
        assertThat(auto.output().toolCalls()).isTrue();
        assertThat(auto.output().skipSpecialTokens()).isFalse();
        assertThat(on.chat(body(user + ", " + tools + ", \"tool_choice\": \"auto\"")).output().toolCalls()).isTrue();
        assertThat(on.chat(body(user + ", " + tools + ", \"tool_choice\": \"none\"")).output().toolCalls()).isFalse();
        assertThat(on.chat(body(user)).output().toolCalls()).isFalse();

        assertThatThrownBy(() -> on.chat(body(user + ", " + tools + ", \"tool_choice\": \"required\"")))
                .isInstanceOf(ApiException.class).hasMessageContaining("guided decoding");
        assertThatThrownBy(() -> on.chat(body(user + ", " + tools + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"f\"}}")))
                .isInstanceOf(ApiException.class).hasMessageContaining("guided decoding");
        assertThatThrownBy(() -> on.chat(body(user + ", \"tool_choice\": \"auto\""))).isInstanceOf(ApiException.class)
                .hasMessageContaining("tool_choice needs tools");
        assertThatThrownBy(() -> on.chat(body(user + ", " + tools + ", \"tool_choice\": \"sometimes\""))).isInstanceOf(ApiException.class)
                .hasMessageContaining("tool_choice");
    }

    @Test
    void earlierCallsReachTheTemplateWithTheirArgumentsAsObjects() throws Exception {
        ChatTemplate template = ChatTemplate.of("{%- for m in messages %}{{ m.role }}:{% if m.tool_calls %}"
                + "{{ m.tool_calls[0].function.arguments.city }}{% else %}{{ m.content }}{% endif %};{% endfor %}");
        ServedModel served = new ServedModel("tiny", model.decoder(), tokenizer, template, model.stopTokenIds());
        RequestParser parser = new RequestParser(served, false);
        String messages = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": null,"
                + " \"tool_calls\": [{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"name\": \"get_weather\","
                + " \"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\"}}]}]";
        GenerationJob job = parser.chat(body(messages));
        assertThat(tokenizer.decode(job.prompt(0), false)).isEqualTo("user:hi;assistant:Paris;");

        String broken = messages.replace("{\\\"city\\\": \\\"Paris\\\"}", "{city");
        assertThatThrownBy(() -> parser.chat(body(broken))).isInstanceOf(ApiException.class)
                .hasMessageContaining("messages[1].tool_calls[0].function.arguments must be a JSON text");
    }

    private static JsonNode body(String fields) throws Exception {
        return JSON.readTree("{\"model\": \"tiny\", " + fields + "}");
    }

    private static ChoiceOutput output(boolean toolCalls) {
        return new ChoiceOutput(tokenizer, new GenerationJob.OutputOptions(!toolCalls, false, false, false, toolCalls), List.of());
    }

    private static GenerationJob job(boolean stream) {
        return new GenerationJob(true, List.of(new int[] {1}), 1, SamplingParams.greedy(64), null, false, 0, stream, false,
                new GenerationJob.OutputOptions(false, false, false, false, true));
    }

    private static BatchScheduler.ChoiceUpdate update(int[] ids, FinishReason finish) {
        return new BatchScheduler.ChoiceUpdate(0, ids, new float[ids.length], null, finish, null);
    }
}
